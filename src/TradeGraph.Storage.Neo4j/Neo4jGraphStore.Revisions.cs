using System.Globalization;
using System.Text.Json;
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
        var revisions = new List<CommittedRevision>();
        for (var row = 0; row < result.Rows.Count; row++)
        {
            object? Column(StoreProperty property) => result.Value(row, CypherReads.HistoryColumn(property));
            if (Column(StoreProperty.Revision) is not { } number)
            {
                continue;
            }

            var revision = ResultValues.Long(number);
            if (revisions.Count == 0 || revisions[^1].Number != revision)
            {
                revisions.Add(new CommittedRevision(revision,
                    DateTimeOffset.Parse((string)Column(StoreProperty.At)!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                    (string?)Column(StoreProperty.Actor) ?? "", new List<RevisionFact>()));
            }

            var changes = JsonSerializer.Deserialize<string?[][]>((string?)Column(StoreProperty.Changes) ?? "[]") ?? [];
            ((List<RevisionFact>)revisions[^1].Facts).Add(new RevisionFact((string)Column(StoreProperty.Fact)!, (string?)Column(StoreProperty.Kind) ?? "",
                Enum.Parse<ChangeKind>((string)Column(StoreProperty.Change)!), [.. changes.Select(c => new FieldChange(c[0]!, c[1], c[2]))]));
        }

        return new RevisionLog(latest, replayableAfter, revisions, bulkLoads);
    }
}
