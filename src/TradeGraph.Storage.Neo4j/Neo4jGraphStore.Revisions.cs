using TradeGraph.Core.Writing;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j;

/// <summary>The committed revision log: the revision counter, the history records grouped by revision, and the count of imports.</summary>
public sealed partial class Neo4jGraphStore
{
    public async Task<RevisionLog> ReadRevisionsAsync(long afterRevision, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var result = await ReadAsync(CypherReads.Revisions(afterRevision, limit), cancellationToken);
        if (result.Rows.Count == 0)
        {
            return RevisionLog.Empty;
        }

        var latest = ResultValues.Long(result.Value(0, "latest"));
        var replayableAfter = ResultValues.Long(result.Value(0, "replayableAfter"));
        var bulkLoads = ResultValues.Long(result.Value(0, "bulkLoads"));
        var log = new RevisionLogBuilder();
        for (var row = 0; row < result.Rows.Count; row++)
        {
            object? Column(StoreProperty property) => result.Value(row, CypherReads.HistoryColumn(property));
            if (Column(StoreProperty.Revision) is not { } number)
            {
                continue;
            }

            var revision = ResultValues.Long(number);
            log.Revision(revision, (string)Column(StoreProperty.At)!, (string?)Column(StoreProperty.Actor) ?? "");
            log.Fact(revision, (string)Column(StoreProperty.Fact)!, (string?)Column(StoreProperty.Kind) ?? "", (string)Column(StoreProperty.Change)!,
                (string?)Column(StoreProperty.Changes));
        }

        return log.Build(latest, replayableAfter, bulkLoads);
    }
}
