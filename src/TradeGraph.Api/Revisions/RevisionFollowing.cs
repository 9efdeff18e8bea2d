using Microsoft.Extensions.Options;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Revisions;

/// <summary>
/// Runs the <see cref="RevisionFollower"/>: starts it once the store is initialized (it is registered after the store's
/// initializer, and hosted services start in order), then catches up every <see cref="RevisionLogOptions.PollInterval"/>,
/// or at once when a local write hands over its revision. A store that is down is asked again at the next poll.
/// </summary>
internal sealed partial class RevisionFollowing(RevisionFollower follower, IOptions<RevisionLogOptions> options, ILogger<RevisionFollowing> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim _nudged = new(0, 1);
    private bool _failing;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await TryStartAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _nudged.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (follower.Position >= 0 || await TryStartAsync(stoppingToken))
                {
                    await follower.CatchUpAsync(stoppingToken);
                }

                _failing = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Logged once per outage; the next poll tries again from the same revision, so nothing is skipped.
                if (!_failing)
                {
                    LogFollowFailed(e);
                    _failing = true;
                }
            }

            try
            {
                await _nudged.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<bool> TryStartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await follower.StartAsync(Nudge, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStartFailed(e.Message);
            return false;
        }
    }

    private void Nudge()
    {
        try
        {
            _nudged.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already nudged: one catch-up takes in everything.
        }
        catch (ObjectDisposedException)
        {
            // Stopped.
        }
    }

    [LoggerMessage(EventId = 170, Level = LogLevel.Warning, Message = "Following the revision log failed; trying again at the next poll")]
    private partial void LogFollowFailed(Exception exception);

    [LoggerMessage(EventId = 171, Level = LogLevel.Warning, Message = "The revision log cannot be read yet ({Reason}); trying again at the next poll")]
    private partial void LogStartFailed(string reason);
}
