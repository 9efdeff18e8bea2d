namespace TradeGraph.Storage.Neo4j.QueryApi;

/// <summary>A Cypher statement and its parameters. Values go only in <see cref="Parameters"/>, never in <see cref="Text"/>.</summary>
public sealed record CypherStatement(string Text, IReadOnlyDictionary<string, object?> Parameters)
{
    public CypherStatement(string text) : this(text, new Dictionary<string, object?>()) { }
}

/// <summary>Whether a statement only reads (may go to any cluster member) or writes (goes to the leader).</summary>
public enum AccessMode
{
    Read,
    Write,
}

/// <summary>
/// The rows a statement returned, each value decoded to CLR: null, bool, long, double, string, <see cref="DateOnly"/>,
/// <see cref="IReadOnlyList{T}"/> of values, or <see cref="IReadOnlyDictionary{TKey,TValue}"/> of string to value.
/// </summary>
public sealed record QueryResult(IReadOnlyList<string> Fields, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    /// <summary>The value of column <paramref name="field"/> in row <paramref name="row"/>.</summary>
    public object? Value(int row, string field) => Rows[row][IndexOf(field)];

    public int IndexOf(string field)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Fields[i] == field)
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"The result has no column '{field}' (it has {string.Join(", ", Fields)}).");
    }
}

/// <summary>
/// Runs Cypher on Neo4j through the HTTP Query API v2, with resilience. Failures surface as
/// <see cref="Core.Storage.StoreUnavailableException"/> when the database cannot be reached (after retries, or with the
/// circuit open) and as <see cref="Neo4jQueryException"/> for an error Neo4j reported about the statement.
/// </summary>
public interface INeo4jQueryRunner
{
    /// <summary>One statement in its own (auto-commit) transaction. Reads are retried on transient failures.</summary>
    Task<QueryResult> RunAsync(CypherStatement statement, AccessMode mode, CancellationToken cancellationToken);

    /// <summary>
    /// One auto-commit statement with what the caller knows of it (<see cref="StatementOptions"/>): its own time limit, a
    /// heavy read, an idempotent write. A runner without such distinctions (a test fake) runs it as
    /// <see cref="RunAsync(CypherStatement, AccessMode, CancellationToken)"/>.
    /// </summary>
    Task<QueryResult> RunAsync(CypherStatement statement, StatementOptions options, CancellationToken cancellationToken) =>
        RunAsync(statement, (options ?? throw new ArgumentNullException(nameof(options))).Mode, cancellationToken);

    /// <summary>
    /// An explicit transaction: begin, <paramref name="work"/> (any number of statements), commit; rolled back when
    /// <paramref name="work"/> throws. The whole unit is retried only when it failed before commit was sent.
    /// </summary>
    Task<T> InTransactionAsync<T>(Func<INeo4jTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken);
}

/// <summary>What the client may assume of one auto-commit statement, beyond its access mode.</summary>
public sealed record StatementOptions(AccessMode Mode)
{
    /// <summary>The time limit of one attempt, instead of <see cref="Neo4jOptions.AttemptTimeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// A read of a large part of the graph: when it times out the server may still be running it, so it is not retried
    /// after a timeout (another copy would only add load) and that timeout does not count toward the circuit breaker.
    /// </summary>
    public bool Heavy { get; init; }

    /// <summary>A write that may safely run twice (schema IF NOT EXISTS, MERGE): a lost answer is retried, not "outcome unknown".</summary>
    public bool Idempotent { get; init; }

    /// <summary>Sent without the bookmarks of earlier writes, so it never waits for a cluster member to catch up (the health probe).</summary>
    public bool WithoutBookmarks { get; init; }
}

/// <summary>A statement runner inside one explicit transaction.</summary>
public interface INeo4jTransaction
{
    Task<QueryResult> RunAsync(CypherStatement statement, CancellationToken cancellationToken);
}

/// <summary>An error Neo4j reported for a statement (its status code such as Neo.ClientError.Statement.SyntaxError).</summary>
public sealed class Neo4jQueryException(string code, string message, int httpStatus)
    : Exception($"{code}: {message}")
{
    public string Code { get; } = code;

    public int HttpStatus { get; } = httpStatus;

    /// <summary>
    /// Transient by Neo4j's classification (safe to retry the whole unit of work), or an unclassified server failure, or
    /// refused bookmarks (dropped before the retry). Never a memory limit: the same query would exceed it again.
    /// </summary>
    public bool IsTransient =>
        ((Code.StartsWith("Neo.TransientError.", StringComparison.Ordinal)
            && Code is not ("Neo.TransientError.Transaction.Terminated" or "Neo.TransientError.Transaction.LockClientStopped"))
        || Code is "Neo.ClientError.Cluster.NotALeader" or "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase"
        || IsUnclassifiedServerFailure || RefusesBookmarks) && !IsMemoryLimit;

    /// <summary>
    /// A 5xx whose code Neo4j did not classify: the Query API answers 500 with "N/A" for driver failures that carry no
    /// Neo4j status (a member unavailable during a leader switch, an expired internal session). Retried like a transient
    /// error; for a write it leaves the outcome unknown, as the statement may have run.
    /// </summary>
    public bool IsUnclassifiedServerFailure =>
        HttpStatus >= 500 && Code is "N/A" or "Neo.DatabaseError.General.UnknownError";

    /// <summary>
    /// The server could not honour the bookmarks sent (a restored or recreated database never reaches them): the client
    /// drops its bookmarks and the retry goes without them.
    /// </summary>
    public bool RefusesBookmarks =>
        Code.StartsWith("Neo.ClientError.Transaction.InvalidBookmark", StringComparison.Ordinal)
        || Code == "Neo.TransientError.Transaction.BookmarkTimeout";

    /// <summary>This query (or transaction) needed more memory than the server allows: its own fault, not an outage.</summary>
    public bool IsMemoryLimit => Code is "Neo.TransientError.General.MemoryPoolOutOfMemoryError"
        or "Neo.TransientError.General.TransactionMemoryLimit" or "Neo.TransientError.General.OutOfMemoryError";

    /// <summary>
    /// A later request of an explicit transaction found no such transaction (404): it expired, or the request reached
    /// another cluster member than the one holding it. Nothing of it was committed, so the whole unit may run again.
    /// </summary>
    public bool IsTransactionNotFound =>
        Code == "Neo.ClientError.Transaction.TransactionNotFound"
        || (HttpStatus == 404 && Code == "Neo.ClientError.Request.Invalid");
}
