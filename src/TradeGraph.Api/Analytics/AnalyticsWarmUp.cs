using Microsoft.Extensions.Options;

namespace TradeGraph.Api.Analytics;

/// <summary>
/// Warms the analytics snapshot as the server starts (<see cref="AnalyticsOptions.WarmOnStart"/>): once the host has
/// started and the first requests are answered (<see cref="AnalyticsService.StartWarmingOnceAnsweredAsync"/>); never waited for.
/// </summary>
internal sealed class AnalyticsWarmUp(AnalyticsService analytics, IOptions<AnalyticsOptions> options, IHostApplicationLifetime lifetime) : IHostedService
{
    private CancellationTokenRegistration _started;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.WarmOnStart)
        {
            analytics.PrepareWarming();
            _started = lifetime.ApplicationStarted.Register(() => _ = analytics.StartWarmingOnceAnsweredAsync(lifetime.ApplicationStopping));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _started.DisposeAsync().AsTask();
}
