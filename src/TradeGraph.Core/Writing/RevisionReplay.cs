using System.Text.Json;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;

namespace TradeGraph.Core.Writing;

/// <summary>
/// Turns a committed revision read from the log into what this process does with it: the facts it changed as the store
/// holds them now (a <see cref="WriteResult"/> a read model applies: puts first, then removals, so a relationship's ends
/// are there when it is put) and the changes subscribers receive, one per fact change in the log's order. A fact changed
/// again since is read as it stands now: a copy applying revisions in order ends where the store is.
/// </summary>
public static class RevisionReplay
{
    public static async Task<(WriteResult Facts, IReadOnlyList<GraphChange> Changes)> ReadAsync(IGraphStore store, GraphModel model,
        CommittedRevision revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(revision);
        // Only what the revision left in place is read: a fact it deleted last is gone (a later revision re-creating it says so).
        var lastChanges = revision.Facts.GroupBy(f => f.Fact, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Change, StringComparer.Ordinal);
        var entityKeys = revision.Facts.Where(f => f.Relationship is null).Select(f => f.Fact).Distinct(StringComparer.Ordinal).ToList();
        var kept = entityKeys.Where(k => lastChanges[k] != ChangeKind.Deleted).ToList();
        var entities = kept.Count == 0
            ? new Dictionary<string, Entity>(StringComparer.Ordinal)
            : await store.GetEntitiesAsync(kept, cancellationToken).ConfigureAwait(false);
        var relationships = await RelationshipsAsync(store, model,
            [.. revision.Facts.Where(f => f.Relationship is not null).Select(f => (f.Relationship!.Value, lastChanges[f.Fact])).Distinct()], cancellationToken)
            .ConfigureAwait(false);

        var puts = new List<AppliedWrite>();
        var removals = new List<AppliedWrite>();
        foreach (var key in entityKeys)
        {
            if (entities.TryGetValue(key, out var entity))
            {
                puts.Add(new AppliedWrite(new CreateEntity(entity, Upsert: true, EmptySet), WriteOutcome.Updated, entity, null));
            }
            else
            {
                var kind = revision.Facts.Last(f => f.Fact == key).Kind;
                removals.Add(new AppliedWrite(new DeleteEntity(kind, key, Detach: true), WriteOutcome.Deleted, null, null));
            }
        }

        foreach (var (type, from, to) in relationships.Keys)
        {
            if (relationships[(type, from, to)] is { } relationship)
            {
                puts.Add(new AppliedWrite(new Connect(relationship, EmptySet), WriteOutcome.Updated, null, relationship));
            }
            else
            {
                // Relationships go before the entities removed with them.
                removals.Insert(0, new AppliedWrite(new Disconnect(type, from, to), WriteOutcome.Deleted, null, null));
            }
        }

        var changes = revision.Facts.Select(fact => Change(model, revision, fact, entities, relationships)).ToList();
        return (new WriteResult([.. puts, .. removals], revision.Number, revision.At), changes);
    }

    /// <summary>Whether a read model can take the revision fact by fact: every fact of a known shape.</summary>
    public static bool IsReplayable(GraphModel model, CommittedRevision revision) =>
        revision.Facts.All(f => f.Relationship is { } r
            ? model.RelationshipTypes.Any(t => t.Name == r.Type)
            : model.Kinds.Any(k => k.Name == f.Kind));

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();

    private static GraphChange Change(GraphModel model, CommittedRevision revision, RevisionFact fact, IReadOnlyDictionary<string, Entity> entities,
        Dictionary<(string, string, string), Relationship?> relationships)
    {
        if (fact.Relationship is { } end)
        {
            var relationship = relationships.GetValueOrDefault(end)
                ?? new Relationship(end.Type, end.From, end.To, new Dictionary<string, object?>(StringComparer.Ordinal), []);
            return new GraphChange(revision.Number, fact.Change, end.Type, end.From, null, relationship, revision.Actor, revision.At);
        }

        var entity = entities.GetValueOrDefault(fact.Fact) ?? AsItWas(model, fact);
        return new GraphChange(revision.Number, fact.Change, fact.Kind, fact.Fact, entity, null, revision.Actor, revision.At);
    }

    /// <summary>An entity no longer stored, from what its last change recorded before (its name, aliases and description).</summary>
    private static Entity AsItWas(GraphModel model, RevisionFact fact)
    {
        var nameField = model.Kinds.FirstOrDefault(k => k.Name == fact.Kind)?.NameField ?? "name";
        string? Previous(string field) => fact.Changes.FirstOrDefault(c => c.Field == field)?.Previous;
        var name = Previous(nameField) is { } json ? JsonSerializer.Deserialize<string>(json) : null;
        var aliases = Previous("aliases") is { } list ? JsonSerializer.Deserialize<string[]>(list) : null;
        var description = Previous("description") is { } text ? JsonSerializer.Deserialize<string>(text) : null;
        return new Entity(fact.Kind, fact.Fact, name ?? fact.Fact, aliases ?? [], description, new Dictionary<string, object?>(StringComparer.Ordinal), []);
    }

    /// <summary>The relationships as stored now (null: gone), one related-list read per type.</summary>
    private static async Task<Dictionary<(string, string, string), Relationship?>> RelationshipsAsync(IGraphStore store, GraphModel model,
        IReadOnlyList<((string Type, string From, string To) End, ChangeKind Last)> facts, CancellationToken cancellationToken)
    {
        var found = facts.Select(f => f.End).Distinct().ToDictionary(w => w, _ => (Relationship?)null);
        var wanted = facts.Where(f => f.Last != ChangeKind.Deleted).Select(f => f.End).Distinct().ToList();
        foreach (var group in wanted.GroupBy(w => w.Type, StringComparer.Ordinal))
        {
            if (model.RelationshipTypes.FirstOrDefault(t => t.Name == group.Key) is not { } type)
            {
                continue;
            }

            var tos = group.Select(w => w.To).Distinct(StringComparer.Ordinal).ToList();
            var query = new RelatedQuery(type, Direction.Outgoing, [.. group.Select(w => w.From).Distinct(StringComparer.Ordinal)],
                new PageRequest(First: tos.Count), new AnyOf([.. tos.Select(to => (Filter)new FieldComparison("key", ComparisonOperator.Equal, to))]));
            foreach (var (from, page) in await store.ListRelatedAsync(query, cancellationToken).ConfigureAwait(false))
            {
                foreach (var related in page.Items)
                {
                    var key = (type.Name, from, related.Value.Entity.Key);
                    if (found.ContainsKey(key))
                    {
                        found[key] = related.Value.Relationship;
                    }
                }
            }
        }

        return found;
    }
}
