using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j;

/// <summary>
/// Schema versions 3 (entities) and 5 (passages) on an older database: the full-text index rebuilt over the search words,
/// and the words written (<see cref="SearchTextStatements"/>).
/// </summary>
public sealed partial class Neo4jGraphStore
{
    private const int SearchTextBatch = 1000;

    /// <summary>Drops each full-text index a database recorded at <paramref name="version"/> has over other properties, so the bootstrap creates it anew.</summary>
    private async Task DropOldSearchIndexesAsync(long version, CancellationToken cancellationToken)
    {
        foreach (var step in SearchTextStatements.Steps.Where(s => s.IsNeededAt(version)))
        {
            await Runner.RunAsync(step.DropIndex(), AccessMode.Write, cancellationToken);
        }
    }

    /// <summary>Writes the search words of every node each needed step covers, a batch per request; the new index fills as they land.</summary>
    private async Task WriteSearchWordsAsync(long version, CancellationToken cancellationToken)
    {
        foreach (var step in SearchTextStatements.Steps.Where(s => s.IsNeededAt(version)))
        {
            var after = "";
            while (true)
            {
                var batch = await Runner.RunAsync(step.ListText(after, SearchTextBatch), AccessMode.Read, cancellationToken);
                if (batch.Rows.Count == 0)
                {
                    break;
                }

                var rows = new List<IReadOnlyDictionary<string, object?>>(batch.Rows.Count);
                for (var row = 0; row < batch.Rows.Count; row++)
                {
                    after = (string)batch.Value(row, SearchTextStatements.Key)!;
                    rows.Add(step.Row(after, column => batch.Value(row, column)));
                }

                await Runner.RunAsync(step.Save(rows), AccessMode.Write, cancellationToken);
            }
        }
    }
}
