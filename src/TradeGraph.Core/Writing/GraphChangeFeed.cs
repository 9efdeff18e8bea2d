using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace TradeGraph.Core.Writing;

/// <summary>
/// The in-memory <see cref="IGraphChangeFeed"/>: every subscriber has its own bounded buffer, and
/// <see cref="Publish"/> only ever tries to write into those buffers, so it never waits for a reader. A subscriber whose
/// buffer cannot take a whole batch has fallen behind: its stream ends with a <see cref="SubscriberFellBehindException"/>
/// after the changes it already holds, rather than silently missing some. Thread-safe; one per process (a singleton).
/// </summary>
public sealed class GraphChangeFeed : IGraphChangeFeed
{
    /// <summary>Changes a subscriber may have waiting before it counts as fallen behind.</summary>
    public const int DefaultCapacity = 1024;

    private readonly Lock _gate = new();
    private readonly int _capacity;

    // Copy-on-write: Publish walks a snapshot while subscribers come and go.
    private Channel<GraphChange>[] _subscribers = [];

    public GraphChangeFeed(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>How many subscriptions are open now.</summary>
    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    public void Publish(IReadOnlyList<GraphChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        // One batch at a time, so every subscriber sees batches in the same order. Nothing in here waits: the
        // writes into bounded channels either succeed at once or the subscriber is dropped.
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                // Only Publish writes (under this lock) and the reader only takes, so the free room cannot shrink
                // between this check and the writes: a batch is delivered whole or not at all.
                if (_capacity - subscriber.Reader.Count < changes.Count)
                {
                    subscriber.Writer.TryComplete(new SubscriberFellBehindException(_capacity));
                    RemoveLocked(subscriber);
                    continue;
                }

                foreach (var change in changes)
                {
                    subscriber.Writer.TryWrite(change);
                }
            }
        }
    }

    /// <summary>
    /// Subscribes at once (changes published after this call are kept for the caller) and reads them until
    /// <paramref name="cancellationToken"/> is cancelled or the enumeration is abandoned.
    /// </summary>
    public IAsyncEnumerable<GraphChange> SubscribeAsync(CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<GraphChange>(new BoundedChannelOptions(_capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        lock (_gate)
        {
            _subscribers = [.. _subscribers, channel];
        }

        // Cancelling unsubscribes even if the caller never starts reading.
        var registration = cancellationToken.Register(() => Unsubscribe(channel));
        return ReadAsync(channel, registration, cancellationToken);
    }

    private async IAsyncEnumerable<GraphChange> ReadAsync(
        Channel<GraphChange> channel,
        CancellationTokenRegistration registration,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return change;
            }
        }
        finally
        {
            await registration.DisposeAsync();
            Unsubscribe(channel);
        }
    }

    private void Unsubscribe(Channel<GraphChange> channel)
    {
        lock (_gate)
        {
            RemoveLocked(channel);
        }

        channel.Writer.TryComplete();
    }

    private void RemoveLocked(Channel<GraphChange> channel)
    {
        if (Array.IndexOf(_subscribers, channel) >= 0)
        {
            _subscribers = [.. _subscribers.Where(s => s != channel)];
        }
    }
}

/// <summary>
/// Ends the stream of a subscriber that did not keep up: more changes were waiting for it than its buffer holds.
/// The changes it had already received are complete up to that point; after this it must subscribe again.
/// </summary>
public sealed class SubscriberFellBehindException(int capacity)
    : Exception($"The subscription fell behind: more than {capacity} changes were waiting to be read, so it was ended. "
        + "Subscribe again to receive changes from now on.")
{
    /// <summary>The buffer size the subscriber overran.</summary>
    public int Capacity { get; } = capacity;
}
