namespace TradeGraph.Api.Analytics;

/// <summary>
/// What other start-up work that reads the whole graph (the read model's build, the semantic index's stored vectors)
/// waits for: the host started, warming begun (after the first requests) and the first analytics snapshot served, or its read failed —
/// or a time limit, whichever comes first — and then the server quiet for <see cref="AnalyticsOptions.StartupQuietMilliseconds"/>
/// (the requests that waited for the snapshot, or came just after it, answered; at most
/// <see cref="AnalyticsOptions.StartupIdleWaitSeconds"/>). On a small box the reads would otherwise
/// share the CPU with the work the first analytics answer needs. Resolves the analytics service only when asked, so the
/// stores it reads through need not exist first.
/// </summary>
public sealed class AnalyticsStartupGate(IServiceProvider services)
{
    /// <summary>
    /// Completes once the first analytics snapshot is served (or failed), or after <paramref name="most"/>, and the
    /// server is idle or <see cref="AnalyticsOptions.StartupIdleWaitSeconds"/> passed; at once for zero.
    /// </summary>
    public async Task WaitAsync(TimeSpan most, CancellationToken cancellationToken)
    {
        if (most <= TimeSpan.Zero || services.GetService<AnalyticsService>() is not { } analytics)
        {
            return;
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => started.TrySetResult());
        await WarmedAfterStartAsync(started.Task, analytics).WaitAsync(most, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await analytics.RequestsAnsweredAsync(cancellationToken);
    }

    private static async Task WarmedAfterStartAsync(Task started, AnalyticsService analytics)
    {
        await started.ConfigureAwait(false);
        await analytics.WarmingBegunAsync().ConfigureAwait(false);
        await analytics.WarmedAsync().ConfigureAwait(false);
    }
}
