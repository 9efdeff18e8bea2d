using TradeGraph.Core.Graph;
using TradeGraph.Core.Passages;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j;

/// <summary>
/// The whole graph as one document. Neo4j reads are read-committed, so one statement is no snapshot: the export is read
/// optimistically by Core's <see cref="ConsistentExport"/> (committed writes counted on the writer lock node before and
/// after, up to <see cref="Neo4jOptions.ExportAttempts"/> reads). Every statement is a read, so no writer waits. (In a
/// cluster the three reads may reach different members; the rule check still holds there.)
/// </summary>
public sealed partial class Neo4jGraphStore
{
    private readonly ConsistentExport _export = new(exportAttempts, "Storage:Neo4j:ExportAttempts");

    public Task<GraphDocument> ExportAsync(CancellationToken cancellationToken) =>
        _export.ReadAsync(CommittedWritesAsync, ReadExportAsync, cancellationToken);

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

        return ConsistentExport.InOrder(entities, relationships, passages);
    }
}
