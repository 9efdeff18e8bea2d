using TradeGraph.Core.Model;

namespace TradeGraph.Core.Writing.Rules;

/// <summary>Connect and disconnect: both ends found and of kinds the type joins, single ends kept single.</summary>
public sealed partial class WriteRules
{
    private async Task<Step> ConnectAsync(Run run, Connect connect, CancellationToken cancellationToken)
    {
        var relationship = connect.Relationship;
        var type = model.Relationship(relationship.Type);
        var found = await run.Session.FindEntitiesAsync([relationship.From, relationship.To, .. relationship.Sources.Select(s => s.Source)], cancellationToken);
        var from = RequireEnd(type, relationship.From, Direction.Outgoing, found);
        var to = RequireEnd(type, relationship.To, Direction.Incoming, found);
        WriteRefusal.ThrowIf(run.Scope.Refusal([from.Kind.Name, to.Kind.Name], $"{type.Name} from '{from.Key}' to '{to.Key}'", "to"));

        var state = await run.Session.FindRelationshipAsync(type, from.Key, to.Key, cancellationToken);
        var existing = state.Existing;
        var properties = existing is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : existing.Properties.ToDictionary(StringComparer.Ordinal);
        foreach (var property in type.Properties.Where(p => connect.GivenProperties.Contains(p.Name)))
        {
            properties[property.Name] = relationship.Property(property.Name);
        }

        // A property set to null is cleared.
        foreach (var cleared in properties.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            properties.Remove(cleared);
        }

        var key = new RelationshipKey(type.Name, from.Key, to.Key);
        if (existing is null)
        {
            CheckSingleEnd(type, type.Outgoing, from, state.FromTaken, "to");
            CheckSingleEnd(type, type.Incoming, to, state.ToTaken, "from");
            var (citations, refusal) = Citing.Cite([], relationship.Sources, found, selfSource: null);
            await run.Session.SaveRelationshipAsync(new RelationshipSave(type, from.Key, to.Key, properties, citations, Created: true, PropertiesChanged: true),
                cancellationToken);
            ThrowIf(refusal);
            run.Record(FactKey.Of(relationship), relationship.Type, ChangeKind.Created, FieldChanges.OfRelationship(type, null, properties), relationship.Sources,
                connect.Editorial);
            return new Step(WriteOutcome.Created, null, key, null, null);
        }

        var changes = FieldChanges.OfRelationship(type, existing.Properties, properties);
        var (merged, refused) = Citing.Cite(existing.Citations, relationship.Sources, found, selfSource: null);
        var cited = merged.Changed.Count > 0;
        if (changes.Count > 0 || cited)
        {
            await run.Session.SaveRelationshipAsync(
                new RelationshipSave(type, from.Key, to.Key, properties, merged, Created: false, PropertiesChanged: changes.Count > 0), cancellationToken);
        }

        ThrowIf(refused);
        if (changes.Count == 0 && !cited)
        {
            return new Step(WriteOutcome.Unchanged, null, key, null, null);
        }

        run.Record(FactKey.Of(relationship), relationship.Type, ChangeKind.Updated, changes, relationship.Sources, connect.Editorial);
        return new Step(WriteOutcome.Updated, null, key, null, null);
    }

    private async Task<Step> DisconnectAsync(Run run, Disconnect disconnect, CancellationToken cancellationToken)
    {
        var type = model.Relationship(disconnect.Type);
        var found = await run.Session.FindEntitiesAsync([disconnect.From, disconnect.To], cancellationToken);
        var from = RequireEnd(type, disconnect.From, Direction.Outgoing, found);
        var to = RequireEnd(type, disconnect.To, Direction.Incoming, found);
        WriteRefusal.ThrowIf(run.Scope.Refusal([from.Kind.Name, to.Kind.Name], $"{type.Name} from '{from.Key}' to '{to.Key}'", "to"));
        var deleted = await run.Session.DeleteRelationshipAsync(type, from.Key, to.Key, cancellationToken)
            ?? throw WriteRefusal.NoRelationship(type, disconnect.From, disconnect.To, "to");
        run.Record(FactKey.Of(deleted), type.Name, ChangeKind.Deleted, FieldChanges.OfRelationship(type, deleted.Properties, null), [], editorial: true);
        return new Step(WriteOutcome.Deleted, null, null, null, deleted);
    }

    /// <summary>The entity at one end of a relationship, checked to be of a kind the type joins.</summary>
    private static StoredEntity RequireEnd(RelationshipType type, string key, Direction end, IReadOnlyDictionary<string, StoredEntity> found)
    {
        var field = end == Direction.Outgoing ? "from" : "to";
        if (!found.TryGetValue(key, out var stored))
        {
            throw WriteRefusal.NoEnd(key, field);
        }

        return GraphModel.Accepts(end == Direction.Outgoing ? type.From : type.To, stored.Kind)
            ? stored
            : throw WriteRefusal.EndNotAllowed(type, key, stored.Kind, field);
    }

    /// <summary>An end declared single may hold one relationship of the type; <paramref name="taken"/> is the far end of the one it has.</summary>
    private static void CheckSingleEnd(RelationshipType type, RelationshipEnd end, StoredEntity anchor, string? taken, string field)
    {
        if (end.Cardinality == Cardinality.One && taken is not null)
        {
            throw WriteRefusal.SingleEndTaken(type, end, anchor.Key, taken, field);
        }
    }
}
