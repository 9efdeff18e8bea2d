using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j.Writing;

/// <summary>
/// Upserts a <see cref="GraphDocument"/> inside the caller's explicit transaction, with the SQLite store's rules and
/// counts (SqliteImport is the reference): entities by key, relationships by (type, from, to), citations added, never
/// replaced. It reads what is stored for the document's keys first, decides here what is new, changed or unchanged
/// (an unchanged fact is not written), then writes in UNWIND … MERGE batches per kind and per type, and finally checks
/// that single ends stay single. A refusal is an <see cref="InvalidOperationException"/>, which rolls everything back.
/// </summary>
internal sealed class Neo4jImport(INeo4jTransaction transaction, GraphModel model, WriteStatements statements, DateTimeOffset at,
    int batchSize = Neo4jImport.DefaultBatchSize)
{
    /// <summary>Rows per statement: well under Neo4j's request limits, few round trips for a seed.</summary>
    public const int DefaultBatchSize = 1000;

    private readonly Dictionary<string, StoredNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Type, string From, string To), StoredRelationship> _relationships = [];
    private readonly Dictionary<string, StoredNode> _nodesToWrite = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Type, string From, string To), StoredRelationship> _relationshipsToWrite = [];
    private readonly ImportTally _tally = new();
    private long _done;

    /// <summary>Told how many facts are done (unchanged ones at once, written ones batch by batch) as the import goes.</summary>
    public IProgress<long>? Progress { get; init; }

    public async Task<ImportResult> RunAsync(GraphDocument document, CancellationToken cancellationToken)
    {
        await transaction.RunAsync(WriteStatements.Lock(at), cancellationToken);
        var keys = document.Entities.Select(e => e.Key)
            .Concat(document.Relationships.SelectMany(r => new[] { r.From, r.To }))
            .Concat(document.Entities.SelectMany(e => e.Sources).Concat(document.Relationships.SelectMany(r => r.Sources)).Select(s => s.Source))
            .Distinct(StringComparer.Ordinal).ToList();
        foreach (var chunk in keys.Chunk(batchSize))
        {
            foreach (var node in FactValues.ReadNodes(model, await transaction.RunAsync(statements.FindNodes(chunk), cancellationToken)))
            {
                _nodes[node.Key] = node;
            }
        }

        // Sources first: every other fact cites them.
        foreach (var entity in document.Entities.OrderBy(e => e.Kind == GraphModel.SourceKind ? 0 : 1))
        {
            UpsertEntity(entity);
        }

        await LoadRelationshipsAsync(document.Relationships, cancellationToken);
        foreach (var relationship in document.Relationships)
        {
            UpsertRelationship(relationship);
        }

        await WriteAsync(cancellationToken);
        await CheckCardinalityAsync(document.Relationships, cancellationToken);
        // Counted in the revision log (no revision, no history): whoever follows the log reads the graph again.
        var bulkLoad = _tally.ChangedAnything
            ? ResultValues.Long((await transaction.RunAsync(WriteStatements.CountBulkLoad(), cancellationToken)).Value(0, "bulkLoad"))
            : 0;
        return _tally.ToResult(bulkLoad);
    }

    private void UpsertEntity(Entity entity)
    {
        var kind = model.Kind(entity.Kind);
        _nodes.TryGetValue(entity.Key, out var current);
        if (current is not null && current.Kind.Name != entity.Kind)
        {
            throw new InvalidOperationException($"Key '{entity.Key}' is already a {current.Kind.Name}; it cannot become a {entity.Kind}.");
        }

        var changed = current is null
            || current.Name != entity.Name
            || current.Description != entity.Description
            || !current.Aliases.SequenceEqual(entity.Aliases, StringComparer.Ordinal)
            || PropertyValues.ToJson(current.Properties) != PropertyValues.ToJson(entity.Properties);
        var next = new StoredNode(kind, entity.Key, entity.Name, entity.Aliases, entity.Description,
            entity.Properties.Where(p => p.Value is not null).ToDictionary(StringComparer.Ordinal), current?.Citations ?? Citations.None,
            FactValues.AliasesText(entity.Aliases), SearchText.Of(entity.Name, entity.Aliases, entity.Description));
        // Known before its citations are checked: a Source may cite itself.
        _nodes[entity.Key] = next;
        var (citations, cited) = Cite(next.Citations, entity.Sources);
        next = next with { Citations = citations };
        _nodes[entity.Key] = next;
        _tally.Count(current is null, changed, cited);
        // A node written by other means (the Cypher export script) may lack the search text; the import puts it right.
        if (changed || cited || current!.AliasesText != next.AliasesText || current.Search != next.Search)
        {
            _nodesToWrite[entity.Key] = next;
        }
    }

    private void UpsertRelationship(Relationship relationship)
    {
        var type = model.Relationship(relationship.Type);
        Resolve(relationship.From, type.From, type.Name);
        Resolve(relationship.To, type.To, type.Name);
        var key = (type.Name, relationship.From, relationship.To);
        _relationships.TryGetValue(key, out var current);
        var changed = current is null || PropertyValues.ToJson(current.Properties) != PropertyValues.ToJson(relationship.Properties);
        var (citations, cited) = Cite(current?.Citations ?? Citations.None, relationship.Sources);
        var next = new StoredRelationship(type, relationship.From, relationship.To,
            relationship.Properties.Where(p => p.Value is not null).ToDictionary(StringComparer.Ordinal), citations);
        _relationships[key] = next;
        _tally.Count(current is null, changed, cited);
        if (changed || cited)
        {
            _relationshipsToWrite[key] = next;
        }
    }

    /// <summary>The node of <paramref name="key"/>, checked to be a <paramref name="expectedKind"/>; <paramref name="referrer"/> names the fact for errors.</summary>
    private StoredNode Resolve(string key, string expectedKind, string referrer)
    {
        if (!_nodes.TryGetValue(key, out var found))
        {
            throw new InvalidOperationException($"{referrer} refers to unknown key '{key}'.");
        }

        return GraphModel.Accepts(expectedKind, found.Kind)
            ? found
            : throw new InvalidOperationException($"{referrer} needs a {expectedKind}, but '{key}' is a {found.Kind.Name}.");
    }

    /// <summary>Adds the citations not there yet and sets changed notes; true when any changed.</summary>
    private (Citations Citations, bool Added) Cite(Citations citations, IReadOnlyList<SourceReference> sources)
    {
        var added = false;
        foreach (var source in sources)
        {
            Resolve(source.Source, GraphModel.SourceKind, "A citation");
            (citations, var changed) = citations.Cite(source);
            added |= changed;
        }

        return (citations, added);
    }

    /// <summary>The stored relationships among the document's (type, from, to), to compare with.</summary>
    private async Task LoadRelationshipsAsync(IReadOnlyList<Relationship> relationships, CancellationToken cancellationToken)
    {
        foreach (var group in relationships.GroupBy(r => r.Type, StringComparer.Ordinal))
        {
            var type = model.Relationship(group.Key);
            var pairs = group.Select(r => (r.From, r.To)).Distinct()
                .Select(p => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>(StringComparer.Ordinal) { ["from"] = p.From, ["to"] = p.To });
            foreach (var chunk in pairs.Chunk(batchSize))
            {
                foreach (var stored in FactValues.ReadRelationships(type, await transaction.RunAsync(statements.LoadRelationships(type, chunk), cancellationToken)))
                {
                    _relationships[(type.Name, stored.From, stored.To)] = stored;
                }
            }
        }
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        _done = _tally.Unchanged;
        Progress?.Report(_done);
        foreach (var kind in model.Kinds)
        {
            var rows = _nodesToWrite.Values.Where(n => n.Kind.Name == kind.Name).Select(n => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["key"] = n.Key,
                ["properties"] = FactValues.NodeProperties(kind, n.Name, n.Aliases, n.Description, n.Properties, n.Citations),
            });
            foreach (var chunk in rows.Chunk(batchSize))
            {
                await transaction.RunAsync(statements.UpsertNodes(kind, chunk), cancellationToken);
                Progress?.Report(_done += chunk.Length);
            }
        }

        foreach (var type in model.RelationshipTypes)
        {
            var rows = _relationshipsToWrite.Values.Where(r => r.Type.Name == type.Name).Select(r => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["from"] = r.From,
                ["to"] = r.To,
                ["properties"] = FactValues.RelationshipProperties(type, r.Properties, r.Citations),
            });
            foreach (var chunk in rows.Chunk(batchSize))
            {
                await transaction.RunAsync(statements.MergeRelationships(type, chunk), cancellationToken);
                Progress?.Report(_done += chunk.Length);
            }
        }
    }

    /// <summary>
    /// An end declared "one" may hold one relationship of its type, counting what was stored before. Only the document's
    /// entities can have gained one, so only they are checked.
    /// </summary>
    private async Task CheckCardinalityAsync(IReadOnlyList<Relationship> relationships, CancellationToken cancellationToken)
    {
        foreach (var typeName in relationships.Select(r => r.Type).Distinct(StringComparer.Ordinal))
        {
            var type = model.Relationship(typeName);
            foreach (var (end, direction) in new[] { (type.Outgoing, Direction.Outgoing), (type.Incoming, Direction.Incoming) })
            {
                if (end.Cardinality != Cardinality.One)
                {
                    continue;
                }

                var anchors = relationships.Where(r => r.Type == typeName).Select(r => direction == Direction.Outgoing ? r.From : r.To)
                    .Distinct(StringComparer.Ordinal);
                foreach (var chunk in anchors.Chunk(batchSize))
                {
                    var violation = await transaction.RunAsync(statements.SingleEndViolation(type, direction, chunk), cancellationToken);
                    if (violation.Rows.Count > 0)
                    {
                        throw new InvalidOperationException(
                            $"'{violation.Value(0, "key")}' would have more than one {type.Name} relationship ({end.Field} is a single value).");
                    }
                }
            }
        }
    }
}
