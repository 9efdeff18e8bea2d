using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TradeGraph.Api.Storage;

/// <summary>Healthy when the store answers a read (the store itself: the read model in front of it would always answer).</summary>
internal sealed class GraphStoreHealthCheck(StoreOfRecord storeOfRecord) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var statistics = await storeOfRecord.Store.GetStatisticsAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{statistics.EntityCount} entities, {statistics.RelationshipCount} relationships");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The store does not answer.", exception);
        }
    }
}
