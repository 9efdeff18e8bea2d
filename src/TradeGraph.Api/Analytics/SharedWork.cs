namespace TradeGraph.Api.Analytics;

/// <summary>
/// One computation any number of callers wait for: started by the first to join, run under a time limit, and
/// cancelled as soon as nobody waits for it any more (every caller gave up or was cancelled). Once abandoned it
/// cannot be joined again: the next caller starts afresh.
/// </summary>
internal sealed class SharedWork<T>(Func<CancellationToken, Task<T>> run, TimeSpan timeLimit)
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _cancel = new();
    private Task<T>? _task;
    private int _waiters;
    private bool _abandoned;
    private bool _finished;

    /// <summary>Waits for the result, sharing it with every other waiter; false when the work was already abandoned.</summary>
    public bool TryJoin(CancellationToken cancellationToken, out Task<T> result)
    {
        Task<T> task;
        lock (_gate)
        {
            if (_abandoned)
            {
                result = Task.FromCanceled<T>(new CancellationToken(canceled: true));
                return false;
            }

            _waiters++;
            if (_task is null)
            {
                _cancel.CancelAfter(timeLimit);
                _task = Task.Run(() => RunAsync(_cancel.Token), _cancel.Token);
            }

            task = _task;
        }

        result = WaitAsync(task, cancellationToken);
        return true;
    }

    private async Task<T> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await run(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                // Stops the time limit's timer at once; a caller leaving after this has nothing to cancel.
                _finished = true;
                _cancel.Dispose();
            }
        }
    }

    private async Task<T> WaitAsync(Task<T> task, CancellationToken cancellationToken)
    {
        try
        {
            return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Leave(task);
        }
    }

    private void Leave(Task<T> task)
    {
        lock (_gate)
        {
            if (--_waiters == 0 && !task.IsCompleted && !_finished)
            {
                _abandoned = true;
                _cancel.Cancel();
            }
        }
    }
}
