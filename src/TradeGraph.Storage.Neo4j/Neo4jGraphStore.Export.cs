using TradeGraph.Core.Graph;
using TradeGraph.Core.Passages;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j;

/// <summary>
/// The whole graph as one document. Neo4j reads are read-committed, so one statement is no snapshot: a write that
/// commits while the scan runs can leave a relationship in the export without its end, or half a batch. Rather than
/// hold the writer lock for the whole scan (writers would wait as long as the export of a large graph takes), the
/// export is read optimistically: the count of committed writes (on the writer lock node) before and after it, and
/// the read is kept only when no write committed in between and the document keeps <see cref="DocumentReferences"/>'
/// rule; otherwise it is read again, up to <see cref="Neo4jOptions.ExportAttempts"/> times. Every statement is a read,
/// so no writer waits. (In a cluster the three reads may reach different members; the rule check still holds there.)
/// </summary>
public sealed partial class Neo4jGraphStore
{
    private readonly int _exportAttempts = exportAttempts is >= 1 and <= 10
        ? exportAttempts
        : throw new ArgumentOutOfRangeException(nameof(exportAttempts), exportAttempts, "Between 1 and 10 reads of the whole graph.");

    public async Task<GraphDocument> ExportAsync(CancellationToken cancellationToken)
    {
        string? problem = null;
        for (var attempt = 1; attempt <= _exportAttempts; attempt++)
        {
            var before = await CommittedWritesAsync(cancellationToken);
            var document = await ReadExportAsync(cancellationToken);
            var after = await CommittedWritesAsync(cancellationToken);
            var dangling = DocumentReferences.Dangling(document);
            if (before == after && dangling.Count == 0)
            {
                return document;
            }

            problem = dangling.Count > 0
                ? $"it referred to entities it did not hold ({string.Join("; ", dangling)})"
                : $"{after - before} write(s) committed while it was read";
        }

        throw new StoreUnavailableException(
            $"The graph changed during each of {_exportAttempts} reads of it (Storage:Neo4j:ExportAttempts), so no consistent export " +
            $"could be made; the last read: {problem}. Nothing was changed; try again when fewer writes are running.");
    }

    private async Task<long> CommittedWritesAsync(CancellationToken cancellationToken)
    {
        var result = await ReadAsync(WriteStatements.CommittedWrites(), cancellationToken);
        return result.Rows.Count == 0 ? 0 : ResultValues.Long(result.Value(0, WriteStatements.CommitsProperty));
    }

    /// <summary>One read of every entity and relationship, in one statement.</summary>
    private async Task<GraphDocument> ReadExportAsync(CancellationToken cancellationToken)
    {
        var result = await HeavyReadAsync(Reads.Export(), cancellationToken);
        var entities = new List<Entity>();
        var relationships = new List<Relationship>();
        var passages = new List<Passage>();
        for (var row = 0; row < result.Rows.Count; row++)
        {
            if (result.Value(row, CypherReads.Type) is string type)
            {
                relationships.Add(ResultValues.Relationship(_model.Relationship(type), (string)result.Value(row, CypherReads.FromKey)!,
                    (string)result.Value(row, CypherReads.ToKey)!, result.Value(row, CypherReads.Properties)));
            }
            else if (ResultValues.List(result.Value(row, CypherReads.Labels)).Contains(PassageStatements.Label))
            {
                var passage = ResultValues.Map(result.Value(row, CypherReads.Properties));
                passages.Add(new Passage((string)passage[PassageStatements.Source]!, (int)ResultValues.Long(passage[PassageStatements.Paragraph]),
                    (string)passage[PassageStatements.Text]!));
            }
            else
            {
                entities.Add(ResultValues.Entity(_model, result.Value(row, CypherReads.Labels), result.Value(row, CypherReads.Properties)));
            }
        }

        // Ordinal order, as the SQLite store's binary collation sorts these ASCII keys and type names.
        return new GraphDocument(
            [.. entities.OrderBy(e => e.Key, StringComparer.Ordinal)],
            [.. relationships.OrderBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.From, StringComparer.Ordinal).ThenBy(r => r.To, StringComparer.Ordinal)],
            [.. passages.OrderBy(p => p.SourceKey, StringComparer.Ordinal).ThenBy(p => p.Paragraph)]);
    }
}
