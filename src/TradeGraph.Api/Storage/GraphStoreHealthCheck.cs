using Microsoft.Extensions.Diagnostics.HealthChecks;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Storage;

/// <summary>Healthy when the store answers a read.</summary>
internal sealed class GraphStoreHealthCheck(IGraphStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var statistics = await store.GetStatisticsAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{statistics.EntityCount} entities, {statistics.RelationshipCount} relationships");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The store does not answer.", exception);
        }
    }
}
