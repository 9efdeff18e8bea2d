using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace TradeGraph.Core.Writing;

/// <summary>In-process fan-out of committed changes (placeholder until the live-updates work lands).</summary>
public sealed class GraphChangeFeed : IGraphChangeFeed
{
    private readonly ConcurrentDictionary<Channel<GraphChange>, bool> _subscribers = new();

    public void Publish(IReadOnlyList<GraphChange> changes)
    {
        foreach (var subscriber in _subscribers.Keys)
        {
            foreach (var change in changes)
            {
                subscriber.Writer.TryWrite(change);
            }
        }
    }

    public async IAsyncEnumerable<GraphChange> SubscribeAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<GraphChange>();
        _subscribers[channel] = true;
        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return change;
            }
        }
        finally
        {
            _subscribers.TryRemove(channel, out _);
        }
    }
}
