using System.Globalization;
using Microsoft.Extensions.Logging;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j;

/// <summary>An index still populating (or failed) when the start-up wait asked.</summary>
public sealed record PopulatingIndex(string Name, string State, double? Percent)
{
    public override string ToString() =>
        Percent is { } percent ? $"{Name} {State} {percent.ToString("0.#", CultureInfo.InvariantCulture)}%" : $"{Name} {State}";
}

/// <summary>How the start-up wait for indexes ended: every index online, or time up with what was still populating.</summary>
public sealed record IndexWaitOutcome(bool Online, int Polls, IReadOnlyList<PopulatingIndex> StillPopulating);

/// <summary>
/// Waits at start until Neo4j's indexes are online, so the first search does not meet a populating index. On a
/// database with data population takes minutes, far past one request's time limit, so it asks in short reads
/// (<see cref="Neo4jSchema.PopulatingIndexes"/>) every <see cref="Neo4jOptions.IndexPollInterval"/>, logging the
/// progress, up to <see cref="Neo4jOptions.SchemaTimeout"/>. Time up is not a failure of the start: reads work while an
/// index populates, only search may miss what it has not reached yet, so it is logged as a warning naming the indexes.
/// A FAILED index is an error: it never comes online by itself.
/// </summary>
internal sealed partial class Neo4jIndexWait(INeo4jQueryRunner runner, Neo4jOptions options, ILogger logger, TimeProvider clock)
{
    public async Task<IndexWaitOutcome> WaitAsync(CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + options.SchemaTimeout;
        for (var polls = 1; ; polls++)
        {
            var populating = Read(await runner.RunAsync(Neo4jSchema.PopulatingIndexes(), AccessMode.Read, cancellationToken));
            if (populating.Count == 0)
            {
                if (polls > 1)
                {
                    LogOnline(logger, polls);
                }

                return new IndexWaitOutcome(true, polls, []);
            }

            if (populating.Where(i => i.State == "FAILED").ToList() is { Count: > 0 } failed)
            {
                throw new InvalidOperationException(
                    $"Neo4j could not populate {string.Join(", ", failed.Select(i => i.Name))}: drop the index (DROP INDEX name) and restart, " +
                    "which creates it again; SHOW INDEXES YIELD name, failureMessage says why it failed.");
            }

            var still = string.Join(", ", populating);
            if (clock.GetUtcNow() >= deadline)
            {
                LogTimeUp(logger, options.SchemaTimeout, still);
                return new IndexWaitOutcome(false, polls, populating);
            }

            LogPopulating(logger, populating.Count, still);
            await Task.Delay(options.IndexPollInterval, clock, cancellationToken);
        }
    }

    private static List<PopulatingIndex> Read(QueryResult result) =>
        [.. Enumerable.Range(0, result.Rows.Count).Select(row => new PopulatingIndex(
            result.Value(row, "name") as string ?? "?",
            result.Value(row, "state") as string ?? "?",
            result.Value(row, "populationPercent") is { } percent ? Convert.ToDouble(percent, CultureInfo.InvariantCulture) : null))];

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Waiting for {Count} Neo4j indexes to come online: {Indexes}")]
    private static partial void LogPopulating(ILogger logger, int count, string indexes);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Every Neo4j index is online (asked {Polls} times)")]
    private static partial void LogOnline(ILogger logger, int polls);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Neo4j indexes still populating after {Limit} (Storage:Neo4j:SchemaTimeout); starting anyway, search may miss what they have not reached: {Indexes}")]
    private static partial void LogTimeUp(ILogger logger, TimeSpan limit, string indexes);
}
