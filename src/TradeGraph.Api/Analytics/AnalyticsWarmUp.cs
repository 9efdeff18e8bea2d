using Microsoft.Extensions.Options;

namespace TradeGraph.Api.Analytics;

/// <summary>Starts warming the analytics snapshot as the server starts (<see cref="AnalyticsOptions.WarmOnStart"/>), without waiting for it.</summary>
internal sealed class AnalyticsWarmUp(AnalyticsService analytics, IOptions<AnalyticsOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.WarmOnStart)
        {
            analytics.StartWarming();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
