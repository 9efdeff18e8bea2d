namespace TradeGraph.Core.Writing;

/// <summary>
/// Moves on with every committed change in this process (and every bulk load): whatever caches a view of the graph
/// (the analytics projections) compares versions instead of listening to the change feed, or ties its entries to
/// <see cref="Current"/>'s token to drop them the moment the version moves on.
/// </summary>
public sealed class GraphVersion
{
    private readonly Lock _gate = new();
    private long _value;
    private CancellationTokenSource _movedOn = new();

    public long Value => Interlocked.Read(ref _value);

    /// <summary>The version now, and a token cancelled when it moves on (read together, so they always match).</summary>
    public (long Value, CancellationToken MovedOn) Current
    {
        get
        {
            lock (_gate)
            {
                return (_value, _movedOn.Token);
            }
        }
    }

    public void Advance()
    {
        CancellationTokenSource movedOn;
        lock (_gate)
        {
            movedOn = _movedOn;
            _movedOn = new CancellationTokenSource();
            Interlocked.Increment(ref _value);
        }

        // Outside the lock: what is tied to the old version (cache entries) is dropped here, on the writer's thread.
        movedOn.Cancel();
    }
}
