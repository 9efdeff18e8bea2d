using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Storage.Import;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j.Writing;

/// <summary>
/// The import primitives for Core's <see cref="ImportRules"/>, inside the caller's explicit transaction: it reads what
/// is stored for the document's keys first (after the writers' lock), decides in memory what is new, changed or
/// unchanged (an unchanged fact is not written), then writes in UNWIND … MERGE batches per kind and per type.
/// </summary>
internal sealed class Neo4jImport(INeo4jTransaction transaction, GraphModel model, WriteStatements statements, DateTimeOffset at,
    int batchSize = Neo4jImport.DefaultBatchSize) : IImportSession
{
    /// <summary>Rows per statement: well under Neo4j's request limits, few round trips for a seed.</summary>
    public const int DefaultBatchSize = 1000;

    private readonly Dictionary<string, StoredNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Type, string From, string To), StoredRelationship> _relationships = [];
    private readonly Dictionary<string, StoredNode> _nodesToWrite = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Type, string From, string To), StoredRelationship> _relationshipsToWrite = [];
    private (StoredNode? Node, StoredRelationship? Relationship, bool Write) _last;

    /// <summary>Told how many facts are done (unchanged ones at once, written ones batch by batch) as the import goes.</summary>
    public IProgress<long>? Progress { get; init; }

    public async Task<ImportResult> RunAsync(GraphDocument document, CancellationToken cancellationToken)
    {
        var result = await new ImportRules(model).RunAsync(this, document, progress: null, cancellationToken);
        // Counted in the revision log (no revision, no history): whoever follows the log reads the graph again.
        return result.Inserted + result.Updated == 0 ? result
            : result with { BulkLoad = ResultValues.Long((await transaction.RunAsync(WriteStatements.CountBulkLoad(), cancellationToken)).Value(0, "bulkLoad")) };
    }

    public async Task StartAsync(GraphDocument document, CancellationToken cancellationToken)
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
    }

    public Task<string?> KindOfAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(_nodes.TryGetValue(key, out var node) ? node.Kind.Name : null);

    public Task<FactImport> UpsertEntityAsync(Entity entity, CancellationToken cancellationToken)
    {
        _nodes.TryGetValue(entity.Key, out var current);
        if (current is not null && current.Kind.Name != entity.Kind)
        {
            return Task.FromResult(new FactImport(Inserted: false, Changed: false, StoredKind: current.Kind.Name));
        }

        var changed = current is null
            || current.Name != entity.Name
            || current.Description != entity.Description
            || !current.Aliases.SequenceEqual(entity.Aliases, StringComparer.Ordinal)
            || PropertyValues.ToJson(current.Properties) != PropertyValues.ToJson(entity.Properties);
        var next = new StoredNode(model.Kind(entity.Kind), entity.Key, entity.Name, entity.Aliases, entity.Description,
            entity.Properties.Where(p => p.Value is not null).ToDictionary(StringComparer.Ordinal), current?.Citations ?? Citations.None,
            FactValues.AliasesText(entity.Aliases), SearchText.Of(entity.Name, entity.Aliases, entity.Description));
        // Known before its citations are checked: a Source may cite itself.
        _nodes[entity.Key] = next;
        // A node written by other means (the Cypher export script) may lack the search text; the import puts it right.
        _last = (next, null, changed || current!.AliasesText != next.AliasesText || current.Search != next.Search);
        return Task.FromResult(new FactImport(current is null, changed, entity.Kind));
    }

    /// <summary>The stored relationships among the document's (type, from, to), to compare with.</summary>
    public async Task StartRelationshipsAsync(IReadOnlyList<Relationship> relationships, CancellationToken cancellationToken)
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

    public Task<FactImport> UpsertRelationshipAsync(RelationshipType type, Relationship relationship, CancellationToken cancellationToken)
    {
        _relationships.TryGetValue((type.Name, relationship.From, relationship.To), out var current);
        var changed = current is null || PropertyValues.ToJson(current.Properties) != PropertyValues.ToJson(relationship.Properties);
        var next = new StoredRelationship(type, relationship.From, relationship.To,
            relationship.Properties.Where(p => p.Value is not null).ToDictionary(StringComparer.Ordinal), current?.Citations ?? Citations.None);
        _relationships[(type.Name, next.From, next.To)] = next;
        _last = (null, next, changed);
        return Task.FromResult(new FactImport(current is null, changed));
    }

    /// <summary>Merges the citations into the fact last upserted, and keeps it for writing when anything about it changed.</summary>
    public Task<bool> CiteAsync(IReadOnlyList<SourceReference> sources, CancellationToken cancellationToken)
    {
        var (node, relationship, write) = _last;
        var citations = node?.Citations ?? relationship!.Citations;
        var cited = false;
        foreach (var source in sources)
        {
            (citations, var changed) = citations.Cite(source);
            cited |= changed;
        }

        if (node is not null)
        {
            _nodes[node.Key] = node = node with { Citations = citations };
            if (write || cited)
            {
                _nodesToWrite[node.Key] = node;
            }
        }
        else
        {
            var key = (relationship!.Type.Name, relationship.From, relationship.To);
            _relationships[key] = relationship = relationship with { Citations = citations };
            if (write || cited)
            {
                _relationshipsToWrite[key] = relationship;
            }
        }

        return Task.FromResult(cited);
    }

    /// <summary>Writes the facts kept, per kind and per type in batches; progress counts the unchanged at once, then each batch.</summary>
    public async Task FinishAsync(ImportTally tally, CancellationToken cancellationToken)
    {
        long done = tally.Unchanged;
        Progress?.Report(done);
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
                Progress?.Report(done += chunk.Length);
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
                Progress?.Report(done += chunk.Length);
            }
        }
    }

    /// <summary>Checks the anchors only, in batches.</summary>
    public async Task<string?> SingleEndViolationAsync(RelationshipType type, Direction end, IReadOnlyList<string> anchors, CancellationToken cancellationToken)
    {
        foreach (var chunk in anchors.Chunk(batchSize))
        {
            var violation = await transaction.RunAsync(statements.SingleEndViolation(type, end, chunk), cancellationToken);
            if (violation.Rows.Count > 0)
            {
                return (string?)violation.Value(0, "key");
            }
        }

        return null;
    }
}
