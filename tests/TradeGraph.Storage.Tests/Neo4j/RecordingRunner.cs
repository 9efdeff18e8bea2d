using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>A query runner without a server: records each statement and its access mode, answers with canned results in turn.</summary>
internal sealed class RecordingRunner(params QueryResult[] results) : INeo4jQueryRunner
{
    private readonly Queue<QueryResult> _results = new(results);

    public List<(CypherStatement Statement, AccessMode Mode)> Calls { get; } = [];

    public Task<QueryResult> RunAsync(CypherStatement statement, AccessMode mode, CancellationToken cancellationToken)
    {
        Calls.Add((statement, mode));
        return Task.FromResult(_results.Count > 0 ? _results.Dequeue() : new QueryResult([], []));
    }

    public Task<T> InTransactionAsync<T>(Func<INeo4jTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Reads run single statements.");

    /// <summary>A result of one or more rows under the given columns.</summary>
    public static QueryResult Result(string[] fields, params object?[][] rows) => new(fields, rows);
}
