namespace TradeGraph.Api.Semantic;

/// <summary>
/// A resource opened by the first call that needs it and closed again once no call has used it for the idle time (issue 13:
/// the MiniLM session holds ~90 MB of native memory that a server ranking by meaning now and then need not keep between
/// bursts). A call in progress is never closed under; the first call after a close opens it again. An idle time of zero
/// keeps it open for the life of the process.
/// </summary>
internal sealed class IdleClosed<T> : IDisposable
    where T : class, IDisposable
{
    private readonly Func<T> _open;
    private readonly TimeSpan _idle;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly ITimer? _timer;
    private T? _value;
    private int _inUse;
    private long _lastUsed;
    private bool _disposed;

    public IdleClosed(Func<T> open, TimeSpan idle, TimeProvider time)
    {
        _open = open;
        _idle = idle;
        _time = time;
        if (idle > TimeSpan.Zero)
        {
            _timer = time.CreateTimer(_ => CloseIfIdle(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>How many times the resource was opened (a reopen after an idle close counts again).</summary>
    public int Opens { get; private set; }

    public bool IsOpen
    {
        get
        {
            lock (_gate)
            {
                return _value is not null;
            }
        }
    }

    /// <summary>Runs <paramref name="call"/> with the resource, opening it first when it is closed.</summary>
    public TResult Use<TResult>(Func<T, TResult> call)
    {
        T value;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // Opened under the lock: calls that arrive together wait for one open, as the lazy first load did.
            if (_value is null)
            {
                _value = _open();
                Opens++;
            }

            value = _value;
            _inUse++;
        }

        try
        {
            return call(value);
        }
        finally
        {
            lock (_gate)
            {
                _inUse--;
                _lastUsed = _time.GetTimestamp();
                if (!_disposed)
                {
                    _timer?.Change(_idle, Timeout.InfiniteTimeSpan);
                }
                else if (_inUse == 0)
                {
                    Close();
                }
            }
        }
    }

    private void CloseIfIdle()
    {
        lock (_gate)
        {
            // A call still in use re-arms the timer when it ends.
            if (_value is null || _inUse > 0)
            {
                return;
            }

            var idleFor = _time.GetElapsedTime(_lastUsed);
            if (idleFor < _idle)
            {
                _timer!.Change(_idle - idleFor, Timeout.InfiniteTimeSpan);
                return;
            }

            Close();
        }
    }

    /// <summary>Closes it now, or (a call in use) when the last call in use ends.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            if (_inUse == 0)
            {
                Close();
            }
        }
    }

    private void Close()
    {
        _value?.Dispose();
        _value = null;
    }
}
