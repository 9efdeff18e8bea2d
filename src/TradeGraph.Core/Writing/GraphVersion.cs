namespace TradeGraph.Core.Writing;

/// <summary>
/// Moves on with every committed change in this process (and every bulk load): whatever caches a view of the graph
/// (the analytics projections) compares versions instead of listening to the change feed.
/// </summary>
public sealed class GraphVersion
{
    private long _value;

    public long Value => Interlocked.Read(ref _value);

    public void Advance() => Interlocked.Increment(ref _value);
}
