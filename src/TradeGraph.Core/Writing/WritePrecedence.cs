namespace TradeGraph.Core.Writing;

/// <summary>
/// User writes go before background writes (the embedding refresh). A store has one writer (SQLite) and the machine few
/// cores, so a background batch must neither make a user write wait for its transaction nor compete while writes arrive:
/// the background waits until no user write is under way and none ended within <c>quiet</c>
/// (<see cref="WaitForQuietAsync"/>), and its own write runs under a token that a user write beginning cancels
/// (<see cref="RunYieldingAsync{T}"/>): the background transaction rolls back and runs again once it is quiet. A
/// background write must therefore be all-or-nothing and safe to repeat. One per process; thread-safe.
/// </summary>
public sealed class WritePrecedence(TimeProvider time, TimeSpan quiet)
{
    private readonly Lock _gate = new();
    private int _inFlight;
    private long _lastEnded;
    private TaskCompletionSource? _idle;
    private CancellationTokenSource? _yield;
    private long _yields;

    /// <summary>No quiet period: the background waits only while a user write is under way.</summary>
    public WritePrecedence()
        : this(TimeProvider.System, TimeSpan.Zero)
    {
    }

    /// <summary>How many background writes gave way to a user write (cancelled and run again).</summary>
    public long Yields => Interlocked.Read(ref _yields);

    /// <summary>Marks a user write under way until disposed; a background write running now is cancelled and runs again later.</summary>
    public UserWrite BeginUserWrite()
    {
        CancellationTokenSource? running;
        lock (_gate)
        {
            _inFlight++;
            (running, _yield) = (_yield, null);
        }

        running?.Cancel();
        running?.Dispose();
        return new UserWrite(this);
    }

    /// <summary>Completes when no user write is under way and none ended within the quiet period.</summary>
    public async Task WaitForQuietAsync(CancellationToken cancellationToken) => await TakeTurnAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Runs a background write once it is quiet, under a token that a user write beginning cancels; a write cancelled so
    /// (not by <paramref name="cancellationToken"/>) waits for quiet again and runs again.
    /// </summary>
    public async Task<T> RunYieldingAsync<T>(Func<CancellationToken, Task<T>> backgroundWrite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backgroundWrite);
        while (true)
        {
            var turn = await TakeTurnAsync(cancellationToken).ConfigureAwait(false);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, turn);
            try
            {
                return await backgroundWrite(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (turn.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _yields);
            }
        }
    }

    /// <summary>Waits for quiet; returns the token a user write beginning from now on cancels.</summary>
    private async Task<CancellationToken> TakeTurnAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_inFlight > 0)
                {
                    _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    wait = _idle.Task;
                }
                else if (_lastEnded != 0 && time.GetElapsedTime(_lastEnded) is var since && since < quiet)
                {
                    wait = Task.Delay(quiet - since, time, cancellationToken);
                }
                else
                {
                    _yield ??= new CancellationTokenSource();
                    return _yield.Token;
                }
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Ended()
    {
        TaskCompletionSource? idle = null;
        lock (_gate)
        {
            _lastEnded = time.GetTimestamp();
            if (--_inFlight == 0)
            {
                (idle, _idle) = (_idle, null);
            }
        }

        idle?.TrySetResult();
    }

    /// <summary>A user write under way; dispose when it has committed or failed.</summary>
    public readonly struct UserWrite(WritePrecedence owner) : IDisposable
    {
        public void Dispose() => owner.Ended();
    }
}
