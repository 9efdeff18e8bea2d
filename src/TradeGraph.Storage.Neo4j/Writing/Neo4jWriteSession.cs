using TradeGraph.Core.Exchange;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Writing;
using TradeGraph.Core.Writing.Rules;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j.Writing;

/// <summary>
/// The write primitives on Neo4j: each is one or two <see cref="WriteStatements"/> in the batch's explicit transaction
/// (golden Cypher per statement). A lookup reads whole nodes with their citation lists; a save writes a whole property
/// map (citations included, in the order first cited); history goes in as one UNWIND.
/// </summary>
internal sealed class Neo4jWriteSession(INeo4jTransaction transaction, GraphModel model, WriteStatements statements) : IWriteSession
{
    public async Task<IReadOnlyDictionary<string, StoredEntity>> FindEntitiesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        (await FindNodesAsync(keys, cancellationToken)).ToDictionary(n => n.Key, n => new StoredEntity(n.Value.Kind, n.Value.ToEntity(), n.Value.Citations.InOrder(),
            // A node written by other means (the Cypher export script) may lack the search text; any write puts it right.
            Stale: n.Value.AliasesText != FactValues.AliasesText(n.Value.Aliases) || n.Value.Search != SearchText.Of(n.Value.Name, n.Value.Aliases, n.Value.Description)),
            StringComparer.Ordinal);

    public Task SaveEntityAsync(EntitySave save, CancellationToken cancellationToken) =>
        RunAsync(statements.UpsertNodes(save.Kind, [new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["key"] = save.Key,
            ["properties"] = FactValues.NodeProperties(save.Kind, save.Fields.Name, save.Fields.Aliases, save.Fields.Description, save.Fields.Properties,
                Citations.Of(save.Citations.All)),
        }]), cancellationToken);

    public async Task<IReadOnlyList<Relationship>> RelationshipsOfAsync(StoredEntity entity, CancellationToken cancellationToken)
    {
        var attached = await RunAsync(statements.RelationshipsOf(entity.Kind, entity.Key), cancellationToken);
        return [.. attached.Rows.Select(row => FactValues.ReadRelationship(model.Relationship((string)row[attached.IndexOf("type")]!),
            row[attached.IndexOf("from")], row[attached.IndexOf("to")], row[attached.IndexOf("properties")]).WithoutSources())];
    }

    public async Task<long> CitationCountAsync(string sourceKey, CancellationToken cancellationToken) =>
        ResultValues.Long((await RunAsync(statements.CitationCount(sourceKey), cancellationToken)).Value(0, "citations") ?? 0L);

    public async Task<IReadOnlyList<CitationSite>> CitingFactsAsync(string sourceKey, CancellationToken cancellationToken)
    {
        var result = await RunAsync(statements.CitingFacts(sourceKey), cancellationToken);
        return [.. result.Rows.Select(row => new CitationSite(row[result.IndexOf("type")] as string, (string)row[result.IndexOf("from")]!,
            row[result.IndexOf("to")] as string, row[result.IndexOf("locator")] as string))];
    }

    public async Task RemoveCitationsAsync(string sourceKey, CancellationToken cancellationToken)
    {
        await RunAsync(statements.StripNodeCitations(sourceKey), cancellationToken);
        await RunAsync(statements.StripRelationshipCitations(sourceKey), cancellationToken);
    }

    public Task DeleteEntityAsync(StoredEntity entity, CancellationToken cancellationToken) =>
        RunAsync(statements.DeleteNode(entity.Kind, entity.Key), cancellationToken);

    public async Task<RelationshipState> FindRelationshipAsync(RelationshipType type, string from, string to, CancellationToken cancellationToken)
    {
        var state = await RunAsync(statements.RelationshipState(type, from, to), cancellationToken);
        var row = state.Rows.Count > 0 ? state.Rows[0] : null;
        var existing = row?[state.IndexOf("properties")] is { } stored ? FactValues.ReadRelationship(type, from, to, stored) : null;
        return new RelationshipState(existing is null ? null : new ExistingRelationship(existing.Properties, existing.Citations.InOrder()),
            row?[state.IndexOf("fromTaken")] as string, row?[state.IndexOf("toTaken")] as string);
    }

    public Task SaveRelationshipAsync(RelationshipSave save, CancellationToken cancellationToken) =>
        RunAsync(statements.MergeRelationships(save.Type, [new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["from"] = save.From,
            ["to"] = save.To,
            ["properties"] = FactValues.RelationshipProperties(save.Type, save.Properties, Citations.Of(save.Citations.All)),
        }]), cancellationToken);

    public async Task<Relationship?> DeleteRelationshipAsync(RelationshipType type, string from, string to, CancellationToken cancellationToken)
    {
        var deleted = await RunAsync(statements.Disconnect(type, from, to), cancellationToken);
        return deleted.Rows.Count == 0 ? null : FactValues.ReadRelationship(type, from, to, deleted.Value(0, "properties")).WithoutSources();
    }

    public async Task<long> OpenRevisionAsync(DateTimeOffset at, string actor, CancellationToken cancellationToken) =>
        ResultValues.Long((await RunAsync(WriteStatements.NextRevision(), cancellationToken)).Value(0, "revision"));

    public Task RecordHistoryAsync(long revision, DateTimeOffset at, string actor, IReadOnlyList<HistoryEntry> entries, CancellationToken cancellationToken) =>
        RunAsync(WriteStatements.RecordHistory(revision, [.. entries.Select((entry, seq) => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["fact"] = entry.Fact,
            // The entity kind or relationship type: the revision log replays a change without the fact (gone after a delete).
            ["kind"] = entry.Kind,
            // Orders the entries of one revision (a batch may change a fact twice): history reads newest first.
            ["seq"] = (long)seq,
            ["at"] = WriteStatements.Iso(at),
            ["actor"] = actor,
            ["change"] = entry.Change.ToString(),
            ["changes"] = FieldChanges.ToJson(entry.Changes),
            [WriteStatements.SourceKeysProperty] = entry.Sources.Select(s => s.Source).ToArray(),
            [WriteStatements.SourceLocatorsProperty] = entry.Sources.Select(Neo4jLayout.StoredLocator).ToArray(),
            [WriteStatements.SourceNotesProperty] = entry.Sources.Select(Neo4jLayout.StoredNote).ToArray(),
            ["editorial"] = entry.Editorial,
        })]), cancellationToken);

    public async Task<IReadOnlyDictionary<string, Entity>> LoadEntitiesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        (await FindNodesAsync(keys, cancellationToken)).ToDictionary(n => n.Key, n => n.Value.ToEntity(), StringComparer.Ordinal);

    public async Task<IReadOnlyDictionary<RelationshipKey, Relationship>> LoadRelationshipsAsync(IReadOnlyCollection<RelationshipKey> keys,
        CancellationToken cancellationToken)
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

    private async Task<Dictionary<string, StoredNode>> FindNodesAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var result = await RunAsync(statements.FindNodes([.. keys.Distinct(StringComparer.Ordinal)]), cancellationToken);
        var found = new Dictionary<string, StoredNode>(StringComparer.Ordinal);
        foreach (var node in FactValues.ReadNodes(model, result))
        {
            found[node.Key] = node;
        }

        return found;
    }

    private Task<QueryResult> RunAsync(CypherStatement statement, CancellationToken cancellationToken) => transaction.RunAsync(statement, cancellationToken);
}
