using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j;

/// <summary>
/// Healthy when Neo4j answers <c>RETURN 1</c> (a read) within <see cref="Neo4jOptions.HealthCheckTimeout"/>; otherwise
/// unhealthy with the reason (refused, no answer, bad credentials, circuit open). One attempt without retries, through
/// the same circuit breaker as every query: while the circuit is open it answers at once without touching the server,
/// and once the break is over its probe is the trial call that closes the circuit again.
/// Register it with <c>AddHealthChecks().AddCheck&lt;Neo4jHealthCheck&gt;("neo4j")</c>.
/// </summary>
public sealed class Neo4jHealthCheck(Neo4jQueryApiClient client, IOptions<Neo4jOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failureStatus = context?.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        var timeout = options.Value.HealthCheckTimeout;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await client.ProbeAsync(limit.Token);
            return HealthCheckResult.Healthy($"Neo4j at {client.Address} answers (database '{options.Value.Database}').");
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(failureStatus, $"Neo4j at {client.Address} did not answer within {timeout}.", exception);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new HealthCheckResult(failureStatus, exception.Message, exception);
        }
    }
}
