using TradeGraph.Core.Storage;

namespace TradeGraph.Storage.Neo4j.QueryApi;

/// <summary>
/// Neo4j (or a proxy in front of it) answered with an HTTP status that is neither success nor carries a Neo4j error
/// body: a 502/503/504 from an ingress, 429, or a wrong address (404 page, 405, 406, 415). Only 429, 502, 503 and 504
/// are transient; when they outlast the retries the caller sees <see cref="Core.Storage.StoreUnavailableException"/>.
/// </summary>
public sealed class Neo4jHttpException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    /// <summary>Worth retrying: the proxy or server is overloaded or restarting, not refusing this request.</summary>
    public bool IsTransient => StatusCode is 429 or 502 or 503 or 504;

    /// <summary>
    /// The request certainly did not run, so even a write may be sent again: 429 and 503 refuse before any work.
    /// 502 and 504 mean an upstream may have taken it (and committed) before the proxy gave up.
    /// </summary>
    internal bool RefusedBeforeWork => StatusCode is 429 or 503;
}

/// <summary>
/// A write reached (or may have reached) Neo4j, but no answer came back: the connection broke or the time ran out while
/// the auto-commit request or the commit was in flight. Neo4j may or may not have committed it, so it is NOT retried
/// automatically (that could apply it twice); the caller decides, e.g. by reading the data back. Idempotent writes
/// (MERGE on a key) may simply be sent again.
/// </summary>
public sealed class Neo4jOutcomeUnknownException(string message, Exception innerException) : StoreFailureException(message, innerException);

/// <summary>
/// A later request of an explicit transaction met no such transaction (404): it expired (idle longer than the server's
/// 60 s), or a load balancer sent the request to another cluster member than the one holding it. Nothing of it was
/// committed, so the whole unit of work is run again from begin; when that keeps happening, this is what surfaces.
/// </summary>
public sealed class Neo4jTransactionLostException(string message, Neo4jQueryException innerException) : StoreFailureException(message, innerException);

/// <summary>
/// One query (or transaction) needed more memory than Neo4j allows it (<c>dbms.memory.transaction.total.max</c>): the
/// query's fault, not an outage, so it is neither retried nor counted by the circuit breaker.
/// </summary>
public sealed class Neo4jQueryTooLargeException(string message, Neo4jQueryException innerException) : StoreFailureException(message, innerException);
