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
    /// An explicit transaction: begin, <paramref name="work"/> (any number of statements), commit; rolled back when
    /// <paramref name="work"/> throws. The whole unit is retried only when it failed before commit was sent.
    /// </summary>
    Task<T> InTransactionAsync<T>(Func<INeo4jTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken);
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

    /// <summary>Transient by Neo4j's classification (safe to retry the whole unit of work).</summary>
    public bool IsTransient =>
        (Code.StartsWith("Neo.TransientError.", StringComparison.Ordinal)
            && Code is not ("Neo.TransientError.Transaction.Terminated" or "Neo.TransientError.Transaction.LockClientStopped"))
        || Code is "Neo.ClientError.Cluster.NotALeader" or "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase";
}
