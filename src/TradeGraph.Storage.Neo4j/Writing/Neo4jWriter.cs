using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Writing;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j.Writing;

/// <summary>
/// Applies one <see cref="WriteBatch"/> inside an explicit Neo4j transaction, with the SQLite store's rules, outcomes,
/// refusals and history (SqliteWriter is the reference): it checks what needs the stored graph (keys exist, kinds fit the
/// relationship, single ends stay single, deletes orphan nothing), collects every refusal and then throws
/// <see cref="GraphWriteException"/>, which rolls the transaction back. A write reads what it needs (one statement),
/// decides here, and writes whole property maps (one or two statements); history goes in at the end, in one statement.
/// </summary>
internal sealed class Neo4jWriter(INeo4jTransaction transaction, GraphModel model, WriteStatements statements, DateTimeOffset at)
{
    private readonly List<WriteError> _errors = [];
    private readonly List<IReadOnlyDictionary<string, object?>> _history = [];
    private string _actor = "";
    private KindScope _scope = KindScope.All;

    /// <summary>A relationship by what identifies it.</summary>
    private sealed record RelationshipKey(string Type, string From, string To);

    /// <summary>What one write did: its outcome, the entity or relationship it leaves (none when deleted), and what a delete removed.</summary>
    private sealed record Step(WriteOutcome Outcome, string? EntityKey, RelationshipKey? RelationshipKey, Entity? Before, Relationship? RelationshipBefore,
        IReadOnlyList<Relationship>? Detached = null);

    /// <summary>Thrown inside one write to stop it; the batch goes on so every refusal is reported.</summary>
    private sealed class Refusal(WriteError error) : Exception(error.Message)
    {
        public Refusal(string code, string message, params string[] path)
            : this(new WriteError(code, message, path))
        {
        }

        public WriteError Error { get; } = error;
    }

    public async Task<WriteResult> RunAsync(WriteBatch batch, CancellationToken cancellationToken)
    {
        _actor = batch.Actor;
        _scope = batch.Scope ?? KindScope.All;
        await RunAsync(WriteStatements.Lock(at), cancellationToken);
        var steps = new List<Step>();
        for (var index = 0; index < batch.Writes.Count; index++)
        {
            var write = batch.Writes[index];
            try
            {
                var step = write switch
                {
                    CreateEntity create => await CreateAsync(create, cancellationToken),
                    UpdateEntity update => await UpdateAsync(update, cancellationToken),
                    DeleteEntity delete => await DeleteAsync(delete, cancellationToken),
                    Connect connect => await ConnectAsync(connect, cancellationToken),
                    Disconnect disconnect => await DisconnectAsync(disconnect, cancellationToken),
                    _ => throw new ArgumentException($"Unknown write {write.GetType().Name}.", nameof(batch)),
                };
                steps.Add(step);
            }
            catch (Refusal refusal)
            {
                _errors.Add(refusal.Error with { Index = index });
            }
        }

        if (_errors.Count > 0)
        {
            // Thrown out of the transaction's work, so the runner rolls back whatever the batch had done.
            throw new GraphWriteException(_errors);
        }

        long revision = 0;
        if (_history.Count > 0)
        {
            var opened = await RunAsync(WriteStatements.NextRevision(), cancellationToken);
            revision = Convert.ToInt64(opened.Value(0, "revision"), System.Globalization.CultureInfo.InvariantCulture);
            await RunAsync(WriteStatements.RecordHistory(revision, _history), cancellationToken);
        }

        // As stored after the whole batch: a later write of the batch may have changed what an earlier one wrote.
        var entities = await LoadEntitiesAsync([.. steps.Where(s => s.EntityKey is not null).Select(s => s.EntityKey!).Distinct(StringComparer.Ordinal)],
            cancellationToken);
        var relationships = await LoadRelationshipsAsync([.. steps.Where(s => s.RelationshipKey is not null).Select(s => s.RelationshipKey!).Distinct()],
            cancellationToken);
        var applied = batch.Writes.Zip(steps, (write, step) => new AppliedWrite(
            write,
            step.Outcome,
            step.EntityKey is { } key ? entities.GetValueOrDefault(key) : step.Before,
            step.RelationshipKey is { } relationship ? relationships.GetValueOrDefault(relationship) : step.RelationshipBefore,
            step.Detached)).ToList();
        return new WriteResult(applied, revision, at);
    }

    private async Task<Step> CreateAsync(CreateEntity create, CancellationToken cancellationToken)
    {
        var entity = create.Entity;
        var kind = model.Kind(entity.Kind);
        Deny(_scope.Refusal([entity.Kind], $"Writing '{entity.Key}'", "key"));
        var found = await FindAsync([entity.Key, .. entity.Sources.Select(s => s.Source)], cancellationToken);
        if (!found.TryGetValue(entity.Key, out var stored))
        {
            // A Source may cite itself: it exists by the time its citations are checked.
            var (citations, _, refusal) = Cite(Citations.None, entity.Sources, found, kind.Name == GraphModel.SourceKind ? entity.Key : null);
            await UpsertNodeAsync(kind, entity.Key, entity.Name, entity.Aliases, entity.Description, entity.Properties, citations, cancellationToken);
            ThrowIf(refusal);
            Record(entity.Key, entity.Kind, ChangeKind.Created, FieldChanges.OfEntity(kind, null, new EntityFields(entity.Name, entity.Aliases, entity.Description, entity.Properties)),
                entity.Sources, create.Editorial);
            return new Step(WriteOutcome.Created, entity.Key, null, null, null);
        }

        if (!create.Upsert)
        {
            throw new Refusal(WriteErrorCodes.KeyConflict,
                $"The key '{entity.Key}' is taken by a {stored.Kind.Name}; update it, upsert it, or choose another key.", "key");
        }

        if (stored.Kind.Name != entity.Kind)
        {
            throw new Refusal(WriteErrorCodes.KeyConflict, $"The key '{entity.Key}' is taken by a {stored.Kind.Name}; it cannot become a {entity.Kind}.", "key");
        }

        var next = stored.Fields.Upserted(create, kind);
        return await ChangeEntityAsync(stored, next.Name, next.Aliases, next.Description, next.Properties.ToDictionary(StringComparer.Ordinal),
            entity.Sources, create.Editorial, found, cancellationToken);
    }

    private async Task<Step> UpdateAsync(UpdateEntity update, CancellationToken cancellationToken)
    {
        Deny(_scope.Refusal([update.Kind], $"Writing '{update.Key}'", "key"));
        var found = await FindAsync([update.Key, .. update.Sources.Select(s => s.Source)], cancellationToken);
        var stored = RequireEntity(update.Kind, update.Key, found);
        var next = stored.Fields.Updated(update);
        return await ChangeEntityAsync(stored, next.Name, next.Aliases, next.Description, next.Properties.ToDictionary(StringComparer.Ordinal),
            update.Sources, update.Editorial, found, cancellationToken);
    }

    private async Task<Step> ChangeEntityAsync(StoredNode stored, string name, IReadOnlyList<string> aliases, string? description,
        Dictionary<string, object?> properties, IReadOnlyList<SourceReference> sources, bool editorial, IReadOnlyDictionary<string, StoredNode> found,
        CancellationToken cancellationToken)
    {
        foreach (var cleared in properties.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            properties.Remove(cleared);
        }

        var changes = FieldChanges.OfEntity(stored.Kind, stored.Fields, new EntityFields(name, aliases, description, properties));
        var (citations, cited, refusal) = Cite(stored.Citations, sources, found, stored.Kind.Name == GraphModel.SourceKind ? stored.Key : null);
        // A node written by other means (the Cypher export script) may lack the search text; any write puts it right.
        var stale = stored.AliasesText != FactValues.AliasesText(aliases) || stored.Search != SearchText.Of(name, aliases, description);
        if (changes.Count > 0 || cited || stale)
        {
            await UpsertNodeAsync(stored.Kind, stored.Key, name, aliases, description, properties, citations, cancellationToken);
        }

        ThrowIf(refusal);
        if (changes.Count == 0 && !cited)
        {
            return new Step(WriteOutcome.Unchanged, stored.Key, null, null, null);
        }

        Record(stored.Key, stored.Kind.Name, ChangeKind.Updated, changes, sources, editorial);
        return new Step(WriteOutcome.Updated, stored.Key, null, null, null);
    }

    private async Task<Step> DeleteAsync(DeleteEntity delete, CancellationToken cancellationToken)
    {
        Deny(_scope.Refusal([delete.Kind], $"Deleting '{delete.Key}'", "key"));
        var stored = RequireEntity(delete.Kind, delete.Key, await FindAsync([delete.Key], cancellationToken));
        var attached = await RunAsync(statements.RelationshipsOf(stored.Kind, stored.Key), cancellationToken);
        var relationships = attached.Rows
            .Select(row => FactValues.ReadRelationship(model.Relationship((string)row[attached.IndexOf("type")]!),
                row[attached.IndexOf("from")], row[attached.IndexOf("to")], row[attached.IndexOf("properties")]))
            .OrderBy(r => r.Type.Name, StringComparer.Ordinal).ThenBy(r => r.From, StringComparer.Ordinal).ThenBy(r => r.To, StringComparer.Ordinal)
            .ToList();
        // Only a Source is cited; the count includes a Source's citation of itself, as in the SQLite store.
        var citing = stored.Kind.Name == GraphModel.SourceKind
            ? Convert.ToInt64((await RunAsync(statements.CitationCount(stored.Key), cancellationToken)).Value(0, "citations") ?? 0L,
                System.Globalization.CultureInfo.InvariantCulture)
            : 0;
        if (!delete.Detach && (relationships.Count > 0 || citing > 0))
        {
            var parts = relationships.GroupBy(r => r.Type.Name).Select(g => $"{g.Key} ×{g.Count()}")
                .Concat(citing > 0 ? [$"{citing} citations of it"] : []);
            throw new Refusal(WriteErrorCodes.WouldOrphan,
                $"'{stored.Key}' still has {string.Join(", ", parts)}; disconnect them first, or delete with detach: true.", "key");
        }

        var (citingFacts, nodes) = await CitingFactsAsync(stored.Key, citing > 0, relationships.SelectMany(r => new[] { r.From, r.To }), cancellationToken);
        var effect = new DetachEffect(stored.Kind.Name, [.. relationships.Select(r => (nodes[r.From].Kind.Name, nodes[r.To].Kind.Name))], citingFacts);
        Deny(_scope.Refusal(effect.TouchedKinds, $"Deleting '{stored.Key}' with detach", "detach"));
        foreach (var (fact, changes) in effect.CitationRemovals)
        {
            Record(fact, effect.KindOf(fact), ChangeKind.Updated, changes, [], editorial: true);
        }

        foreach (var relationship in relationships)
        {
            Record(FactKey.Of(relationship.Type.Name, relationship.From, relationship.To), relationship.Type.Name, ChangeKind.Deleted,
                FieldChanges.OfRelationship(relationship.Type, relationship.Properties, null), [], editorial: true);
        }

        if (citing > 0)
        {
            await RunAsync(statements.StripNodeCitations(stored.Key), cancellationToken);
            await RunAsync(statements.StripRelationshipCitations(stored.Key), cancellationToken);
        }

        await RunAsync(statements.DeleteNode(stored.Kind, stored.Key), cancellationToken);
        Record(stored.Key, stored.Kind.Name, ChangeKind.Deleted, FieldChanges.OfEntity(stored.Kind, stored.Fields, null), [], editorial: true);
        return new Step(WriteOutcome.Deleted, null, null, stored.ToEntity(), null, [.. relationships.Select(r => r.WithoutSources())]);
    }

    private async Task<Step> ConnectAsync(Connect connect, CancellationToken cancellationToken)
    {
        var relationship = connect.Relationship;
        var type = model.Relationship(relationship.Type);
        var found = await FindAsync([relationship.From, relationship.To, .. relationship.Sources.Select(s => s.Source)], cancellationToken);
        var from = RequireEnd(type, relationship.From, Direction.Outgoing, found);
        var to = RequireEnd(type, relationship.To, Direction.Incoming, found);
        Deny(_scope.Refusal([from.Kind.Name, to.Kind.Name], $"{type.Name} from '{from.Key}' to '{to.Key}'", "to"));

        var state = await RunAsync(statements.RelationshipState(type, from.Key, to.Key), cancellationToken);
        var row = state.Rows.Count > 0 ? state.Rows[0] : null;
        var existing = row?[state.IndexOf("properties")] is { } stored
            ? FactValues.ReadRelationship(type, from.Key, to.Key, stored)
            : null;
        var properties = existing is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : existing.Properties.ToDictionary(StringComparer.Ordinal);
        foreach (var property in type.Properties.Where(p => connect.GivenProperties.Contains(p.Name)))
        {
            properties[property.Name] = relationship.Property(property.Name);
        }

        foreach (var cleared in properties.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            properties.Remove(cleared);
        }

        var key = new RelationshipKey(type.Name, from.Key, to.Key);
        if (existing is null)
        {
            CheckSingleEnd(type, type.Outgoing, from, row?[state.IndexOf("fromTaken")] as string, "to");
            CheckSingleEnd(type, type.Incoming, to, row?[state.IndexOf("toTaken")] as string, "from");
            var (citations, _, refusal) = Cite(Citations.None, relationship.Sources, found, selfSource: null);
            await MergeRelationshipAsync(type, from.Key, to.Key, properties, citations, cancellationToken);
            ThrowIf(refusal);
            Record(FactKey.Of(relationship), relationship.Type, ChangeKind.Created, FieldChanges.OfRelationship(type, null, properties), relationship.Sources, connect.Editorial);
            return new Step(WriteOutcome.Created, null, key, null, null);
        }

        var changes = FieldChanges.OfRelationship(type, existing.Properties, properties);
        var (merged, cited, refused) = Cite(existing.Citations, relationship.Sources, found, selfSource: null);
        if (changes.Count > 0 || cited)
        {
            await MergeRelationshipAsync(type, from.Key, to.Key, properties, merged, cancellationToken);
        }

        ThrowIf(refused);
        if (changes.Count == 0 && !cited)
        {
            return new Step(WriteOutcome.Unchanged, null, key, null, null);
        }

        Record(FactKey.Of(relationship), relationship.Type, ChangeKind.Updated, changes, relationship.Sources, connect.Editorial);
        return new Step(WriteOutcome.Updated, null, key, null, null);
    }

    private async Task<Step> DisconnectAsync(Disconnect disconnect, CancellationToken cancellationToken)
    {
        var type = model.Relationship(disconnect.Type);
        var found = await FindAsync([disconnect.From, disconnect.To], cancellationToken);
        var from = RequireEnd(type, disconnect.From, Direction.Outgoing, found);
        var to = RequireEnd(type, disconnect.To, Direction.Incoming, found);
        Deny(_scope.Refusal([from.Kind.Name, to.Kind.Name], $"{type.Name} from '{from.Key}' to '{to.Key}'", "to"));
        var deleted = await RunAsync(statements.Disconnect(type, from.Key, to.Key), cancellationToken);
        if (deleted.Rows.Count == 0)
        {
            throw new Refusal(WriteErrorCodes.NotFound, $"There is no {type.Name} relationship from '{disconnect.From}' to '{disconnect.To}'.", "to");
        }

        var relationship = FactValues.ReadRelationship(type, from.Key, to.Key, deleted.Value(0, "properties"));
        Record(FactKey.Of(type.Name, from.Key, to.Key), type.Name, ChangeKind.Deleted, FieldChanges.OfRelationship(type, relationship.Properties, null), [],
            editorial: true);
        return new Step(WriteOutcome.Deleted, null, null, null, relationship.WithoutSources());
    }

    /// <summary>The entity at one end of a relationship, checked to be of a kind the type joins.</summary>
    private static StoredNode RequireEnd(RelationshipType type, string key, Direction end, IReadOnlyDictionary<string, StoredNode> found)
    {
        var field = end == Direction.Outgoing ? "from" : "to";
        if (!found.TryGetValue(key, out var stored))
        {
            throw new Refusal(WriteErrorCodes.NotFound, $"No entity has the key '{key}'.", field);
        }

        var expected = end == Direction.Outgoing ? type.From : type.To;
        return GraphModel.Accepts(expected, stored.Kind)
            ? stored
            : throw new Refusal(WriteErrorCodes.RelationshipNotAllowed,
                $"{type.Name} goes from a {type.From} to a {type.To}; '{key}' is a {stored.Kind.Name}.", field);
    }

    /// <summary>
    /// The facts other than the source and its own relationships that cite it (when <paramref name="cited"/>), with the
    /// kinds they involve, and the nodes of those facts and of <paramref name="alsoFind"/>, read in one lookup.
    /// </summary>
    private async Task<(List<CitingFact> Citing, Dictionary<string, StoredNode> Nodes)> CitingFactsAsync(string sourceKey, bool cited,
        IEnumerable<string> alsoFind, CancellationToken cancellationToken)
    {
        var result = cited ? await RunAsync(statements.CitingFacts(sourceKey), cancellationToken) : null;
        var rows = (result?.Rows ?? []).Select(row => (Type: row[result!.IndexOf("type")] as string, From: (string)row[result.IndexOf("from")]!,
            To: row[result.IndexOf("to")] as string, Locator: row[result.IndexOf("locator")] as string)).ToList();
        var keys = rows.SelectMany(r => r.To is null ? new[] { r.From } : [r.From, r.To]).Concat(alsoFind).ToList();
        var nodes = keys.Count == 0 ? new Dictionary<string, StoredNode>(StringComparer.Ordinal) : await FindAsync(keys, cancellationToken);
        return ([.. rows.Select(r => new CitingFact(
                r.Type is null ? r.From : FactKey.Of(r.Type, r.From, r.To!),
                r.To is null ? [nodes[r.From].Kind.Name] : [nodes[r.From].Kind.Name, nodes[r.To].Kind.Name],
                new SourceReference(sourceKey, r.Locator is { Length: > 0 } locator ? locator : null)))],
            nodes);
    }

    private static void Deny(WriteError? refusal)
    {
        if (refusal is not null)
        {
            throw new Refusal(refusal);
        }
    }

    private static StoredNode RequireEntity(string kind, string key, IReadOnlyDictionary<string, StoredNode> found) =>
        found.TryGetValue(key, out var stored) && stored.Kind.Name == kind
            ? stored
            : throw new Refusal(WriteErrorCodes.NotFound, $"No {kind} has the key '{key}'.", "key");

    /// <summary>An end declared single may hold one relationship of the type; <paramref name="taken"/> is the far end of the one it has.</summary>
    private static void CheckSingleEnd(RelationshipType type, RelationshipEnd end, StoredNode anchor, string? taken, string field)
    {
        if (end.Cardinality == Cardinality.One && taken is not null)
        {
            throw new Refusal(WriteErrorCodes.CardinalityExceeded,
                $"'{anchor.Key}' already has a {type.Name} relationship (with '{taken}') and {end.Field} is a single value; disconnect that one first.", field);
        }
    }

    /// <summary>
    /// Adds the citations not there yet, in order; a cited key must be a Source (<paramref name="selfSource"/>: the Source
    /// being written, which may cite itself). On the first that is not, returns the refusal with the citations added
    /// before it, which the SQLite store has also written by then; the refusal fails the batch either way.
    /// </summary>
    private static (Citations Citations, bool Added, Refusal? Refusal) Cite(Citations citations, IReadOnlyList<SourceReference> sources,
        IReadOnlyDictionary<string, StoredNode> found, string? selfSource)
    {
        var added = false;
        foreach (var source in sources)
        {
            var isSource = source.Source == selfSource
                || (found.TryGetValue(source.Source, out var node) && node.Kind.Name == GraphModel.SourceKind);
            if (!isSource)
            {
                return (citations, added, new Refusal(WriteErrorCodes.NotFound, $"No Source has the key '{source.Source}'; create the Source first.", "sources"));
            }

            (citations, var changed) = citations.Cite(source);
            added |= changed;
        }

        return (citations, added, null);
    }

    private static void ThrowIf(Refusal? refusal)
    {
        if (refusal is not null)
        {
            throw refusal;
        }
    }

    /// <summary>One history entry; the revision is opened, and the entries written, when the batch has gone through.</summary>
    private void Record(string fact, string kind, ChangeKind change, IReadOnlyList<FieldChange> changes, IReadOnlyList<SourceReference> sources, bool editorial) =>
        _history.Add(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["fact"] = fact,
            // The entity kind or relationship type: the revision log replays a change without the fact (gone after a delete).
            ["kind"] = kind,
            // Orders the entries of one revision (a batch may change a fact twice): history reads newest first.
            ["seq"] = (long)_history.Count,
            ["at"] = WriteStatements.Iso(at),
            ["actor"] = _actor,
            ["change"] = change.ToString(),
            ["changes"] = FieldChanges.ToJson(changes),
            [WriteStatements.SourceKeysProperty] = sources.Select(s => s.Source).ToArray(),
            [WriteStatements.SourceLocatorsProperty] = sources.Select(s => s.Locator ?? "").ToArray(),
            [WriteStatements.SourceNotesProperty] = sources.Select(s => s.Note ?? "").ToArray(),
            ["editorial"] = editorial,
        });

    private async Task<Dictionary<string, StoredNode>> FindAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var result = await RunAsync(statements.FindNodes([.. keys.Distinct(StringComparer.Ordinal)]), cancellationToken);
        var found = new Dictionary<string, StoredNode>(StringComparer.Ordinal);
        foreach (var node in FactValues.ReadNodes(model, result))
        {
            found[node.Key] = node;
        }

        return found;
    }

    private Task UpsertNodeAsync(EntityKind kind, string key, string name, IReadOnlyList<string> aliases, string? description,
        IReadOnlyDictionary<string, object?> properties, Citations citations, CancellationToken cancellationToken) =>
        RunAsync(statements.UpsertNodes(kind, [new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["key"] = key,
            ["properties"] = FactValues.NodeProperties(kind, name, aliases, description, properties, citations),
        }]), cancellationToken);

    private Task MergeRelationshipAsync(RelationshipType type, string from, string to, IReadOnlyDictionary<string, object?> properties, Citations citations,
        CancellationToken cancellationToken) =>
        RunAsync(statements.MergeRelationships(type, [new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["from"] = from,
            ["to"] = to,
            ["properties"] = FactValues.RelationshipProperties(type, properties, citations),
        }]), cancellationToken);

    private async Task<Dictionary<string, Entity>> LoadEntitiesAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        keys.Count == 0
            ? []
            : (await FindAsync(keys, cancellationToken)).ToDictionary(n => n.Key, n => n.Value.ToEntity(), StringComparer.Ordinal);

    private async Task<Dictionary<RelationshipKey, Relationship>> LoadRelationshipsAsync(IReadOnlyList<RelationshipKey> keys, CancellationToken cancellationToken)
    {
        var result = new Dictionary<RelationshipKey, Relationship>();
        foreach (var group in keys.GroupBy(k => k.Type, StringComparer.Ordinal))
        {
            var type = model.Relationship(group.Key);
            var pairs = group.Select(k => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["from"] = k.From,
                ["to"] = k.To,
            }).ToList();
            var loaded = await RunAsync(statements.LoadRelationships(type, pairs), cancellationToken);
            foreach (var relationship in FactValues.ReadRelationships(type, loaded))
            {
                result[new RelationshipKey(type.Name, relationship.From, relationship.To)] = relationship.ToRelationship();
            }
        }

        return result;
    }

    private Task<QueryResult> RunAsync(CypherStatement statement, CancellationToken cancellationToken) => transaction.RunAsync(statement, cancellationToken);
}
