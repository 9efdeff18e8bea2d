using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace TradeGraph.Storage.Neo4j.QueryApi;

/// <summary>
/// The Polly v8 pipeline every unit of work (one auto-commit request, or one explicit transaction from begin to
/// commit) runs through, outer to inner: total timeout → retry (exponential backoff with jitter, transient failures
/// only) → circuit breaker (after repeated failures calls fail fast for <see cref="Neo4jOptions.BreakDuration"/>, then
/// one trial call closes it again) → per-attempt timeout. One instance per Neo4j server: the circuit's state lives here.
/// </summary>
/// <remarks>
/// Why Polly.Core around the unit of work rather than Microsoft.Extensions.Http.Resilience on the HttpClient: a
/// handler-level pipeline sees single HTTP requests, so it would retry one statement inside an explicit transaction
/// (dead after any error), and it cannot tell a read from a write whose outcome became unknown. Here the caller decides,
/// per unit, whether a retry is safe (see <see cref="OutcomeUnknownKey"/>).
/// </remarks>
public sealed class Neo4jResilience
{
    /// <summary>Per-execution attempt timeout (explicit transactions get a longer one).</summary>
    internal static readonly ResiliencePropertyKey<TimeSpan> AttemptTimeoutKey = new("neo4j.attempt-timeout");

    internal static readonly ResiliencePropertyKey<TimeSpan> TotalTimeoutKey = new("neo4j.total-timeout");

    /// <summary>False for a single-attempt probe (the health check must answer quickly).</summary>
    internal static readonly ResiliencePropertyKey<bool> RetryKey = new("neo4j.retry");

    /// <summary>
    /// Set by the unit of work when a write may have reached the server and no answer came back: from then on it is
    /// never retried, and the failure surfaces as <see cref="Neo4jOutcomeUnknownException"/>.
    /// </summary>
    internal static readonly ResiliencePropertyKey<bool> OutcomeUnknownKey = new("neo4j.outcome-unknown");

    /// <summary>A heavy read (<see cref="StatementOptions.Heavy"/>): its timeout is neither retried nor counted as an outage.</summary>
    internal static readonly ResiliencePropertyKey<bool> HeavyKey = new("neo4j.heavy");

    public Neo4jResilience(Neo4jOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ResiliencePipelineBuilder { Name = "neo4j-query-api", TimeProvider = timeProvider ?? TimeProvider.System };

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = args => ValueTask.FromResult(args.Context.Properties.GetValue(TotalTimeoutKey, options.TotalTimeout)),
        });

        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } exception
                    && IsTransient(exception)
                    && !(exception is TimeoutRejectedException && args.Context.Properties.GetValue(HeavyKey, false))
                    && args.Context.Properties.GetValue(RetryKey, true)
                    && !args.Context.Properties.GetValue(OutcomeUnknownKey, false)),
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = options.BreakFailureRatio,
            MinimumThroughput = options.BreakMinimumThroughput,
            SamplingDuration = options.BreakSamplingDuration,
            BreakDuration = options.BreakDuration,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } exception && SuggestsOutage(exception)
                && !(exception is TimeoutRejectedException && args.Context.Properties.GetValue(HeavyKey, false))),
        });

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = args => ValueTask.FromResult(args.Context.Properties.GetValue(AttemptTimeoutKey, options.AttemptTimeout)),
        });

        Pipeline = builder.Build();
    }

    internal ResiliencePipeline Pipeline { get; }

    /// <summary>
    /// Worth another attempt of the whole unit: the transport failed (refused, reset, no answer in time), a proxy said
    /// 429/502/503/504, or Neo4j classed its error as transient (deadlock, leader switch, database unavailable: nothing
    /// was committed) or did not classify a 5xx at all ("N/A"), or a transaction was lost between requests. Never: an
    /// open circuit (that is the point of failing fast), client errors (syntax, constraint, 401 …), database errors and
    /// memory limits, which would fail the same way again.
    /// </summary>
    internal static bool IsTransient(Exception exception) => exception switch
    {
        BrokenCircuitException => false,
        TimeoutRejectedException or HttpRequestException or IOException or Neo4jTransactionLostException => true,
        Neo4jQueryException query => query.IsTransient,
        Neo4jHttpException http => http.IsTransient,
        _ => false,
    };

    /// <summary>
    /// What the circuit breaker counts: signs that Neo4j itself is down or overloaded. A deadlock, a syntax error, one
    /// query over the memory limit, refused bookmarks or a lost transaction say nothing about the server's health, so
    /// they do not open the circuit (and a heavy read's timeout is left out by the breaker's own check).
    /// </summary>
    internal static bool SuggestsOutage(Exception exception) => exception switch
    {
        TimeoutRejectedException or HttpRequestException or IOException => true,
        Neo4jHttpException http => http.IsTransient || http.StatusCode >= 500,
        Neo4jQueryException { IsMemoryLimit: true } or Neo4jQueryException { RefusesBookmarks: true } => false,
        Neo4jQueryException query => query.IsUnclassifiedServerFailure
            || query.Code.StartsWith("Neo.TransientError.General.", StringComparison.Ordinal)
            || query.Code.StartsWith("Neo.TransientError.Cluster.", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>
    /// Whether a failed request may have reached Neo4j and been acted on. False only when it certainly was not: no
    /// connection could be made (refused, DNS, TLS), Neo4j answered with an error (nothing committed), or a proxy
    /// refused it (429/503). Everything else — a reset or timeout mid-request, a 502/504, a 500 Neo4j did not classify
    /// ("N/A": the statement may have run before the failure) — leaves a write's outcome unknown.
    /// </summary>
    internal static bool MayHaveReachedServer(Exception exception) => exception switch
    {
        HttpRequestException http => http.HttpRequestError is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError),
        IOException or OperationCanceledException or TimeoutRejectedException => true,
        Neo4jHttpException http => http.IsTransient && !http.RefusedBeforeWork,
        Neo4jQueryException query => query.IsUnclassifiedServerFailure,
        _ => false,
    };
}
