namespace TradeGraph.Api.Startup;

/// <summary>
/// The HTTP requests in flight, so that start-up work no request waits for (the read model's build, the semantic
/// index's stored vectors, the whole-graph projection behind kept rankings) starts once the requests that came first
/// are answered instead of sharing the CPU with them: on one core the first analytics answer otherwise waited for a
/// share of all three (decision 0017, fifth round). Counting costs two interlocked operations a request.
/// </summary>
public sealed class RequestActivity
{
    private int _inFlight;
    private TaskCompletionSource? _idle;
    // When the in-flight count last fell to zero (Environment.TickCount64); idle-time work asks how long ago that was.
    private long _lastIdleSince = Environment.TickCount64;

    /// <summary>Requests begun and not yet ended.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Whether work is waiting now for the requests in flight to end.</summary>
    internal bool IsWaitedFor => Volatile.Read(ref _idle) is { Task.IsCompleted: false };

    public void Begin() => Interlocked.Increment(ref _inFlight);

    public void End()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0)
        {
            Volatile.Write(ref _lastIdleSince, Environment.TickCount64);
            Volatile.Read(ref _idle)?.TrySetResult();
        }
    }

    /// <summary>
    /// When the in-flight count last fell to zero (<see cref="Environment.TickCount64"/>; the construction's time before
    /// any request): it changes whenever a burst of requests ends, so idle-time work can tell whether any ran since.
    /// </summary>
    public long LastBurstEndedAt => Volatile.Read(ref _lastIdleSince);

    /// <summary>How long no request has been in flight; zero while one is.</summary>
    public TimeSpan IdleFor => InFlight == 0
        ? TimeSpan.FromMilliseconds(Math.Max(0, Environment.TickCount64 - Volatile.Read(ref _lastIdleSince)))
        : TimeSpan.Zero;

    /// <summary>
    /// Completes when no request is in flight (at once when none is), or after <paramref name="most"/> — a server under
    /// constant load, or holding a subscription open, is never idle — or when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task IdleAsync(TimeSpan most, CancellationToken cancellationToken)
    {
        if (InFlight == 0 || most <= TimeSpan.Zero)
        {
            return;
        }

        var idle = Volatile.Read(ref _idle);
        if (idle is null || idle.Task.IsCompleted)
        {
            var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            idle = Interlocked.CompareExchange(ref _idle, fresh, idle) == idle ? fresh : Volatile.Read(ref _idle)!;
        }

        // The last request may have ended between the first check and publishing the source: look again.
        if (InFlight == 0)
        {
            idle.TrySetResult();
        }

        await idle.Task.WaitAsync(most, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>
    /// Completes once no request has been in flight for <paramref name="quiet"/> (counted from the call at the earliest),
    /// or once the process has spent <paramref name="most"/> of CPU time since the call (requests kept coming), or after
    /// <see cref="QuietWallFactor"/> × <paramref name="most"/> of wall time (a request held open while the process does
    /// nothing, such as a subscription), or when <paramref name="cancellationToken"/> fires. Idle alone is not enough at
    /// start: the first client's request often arrives a few milliseconds after the snapshot it needs is served, and work
    /// begun in that gap shared the core with it for the whole answer. The bound is CPU time because on a loaded machine
    /// the first answer's wall time stretches while its work does not: a wall bound let the work in mid-answer (issue 13).
    /// A zero <paramref name="quiet"/> is <see cref="IdleAsync"/>.
    /// </summary>
    public async Task QuietAsync(TimeSpan quiet, TimeSpan most, CancellationToken cancellationToken)
    {
        if (quiet <= TimeSpan.Zero || most <= TimeSpan.Zero)
        {
            await IdleAsync(most, cancellationToken).ConfigureAwait(false);
            return;
        }

        var called = Environment.TickCount64;
        var cpuAtCall = Environment.CpuUsage.TotalTime;
        var wallDeadline = called + (long)(most.TotalMilliseconds * QuietWallFactor);
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Environment.TickCount64;
            if (now >= wallDeadline || Environment.CpuUsage.TotalTime - cpuAtCall >= most)
            {
                return;
            }

            if (InFlight > 0)
            {
                // In slices, to look at the CPU spent meanwhile.
                await IdleAsync(QuietCheckEvery, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var left = Math.Max(called, Volatile.Read(ref _lastIdleSince)) + (long)quiet.TotalMilliseconds - now;
            if (left <= 0)
            {
                return;
            }

            // A timer, not a spin: a request that comes meanwhile moves the quiet period's start on.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(left, QuietCheckEvery.TotalMilliseconds)), cancellationToken)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>How many times its CPU bound <see cref="QuietAsync"/> waits at most in wall time.</summary>
    public const int QuietWallFactor = 10;

    private static readonly TimeSpan QuietCheckEvery = TimeSpan.FromMilliseconds(100);
}
