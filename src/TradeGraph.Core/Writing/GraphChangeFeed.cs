using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace TradeGraph.Core.Writing;

/// <summary>
/// The in-memory <see cref="IGraphChangeFeed"/>: every subscriber has its own buffer of waiting changes, and
/// <see cref="Publish"/> only ever appends to those buffers, so it never waits for a reader. A batch is delivered whole:
/// a subscriber with changes waiting that cannot take the whole batch within its capacity has fallen behind, and its
/// stream ends with a <see cref="SubscriberFellBehindException"/> after the changes it already holds, rather than
/// silently missing some. A subscriber with nothing waiting takes any batch, however large (one commit may change more
/// than the capacity: a detach delete of a well-connected entity), so a big commit never ends subscribers that keep up.
/// Batches are shared between subscribers, so what a subscriber holds costs a reference per batch. Thread-safe; one per
/// process (a singleton).
/// </summary>
public sealed class GraphChangeFeed : IGraphChangeFeed
{
    /// <summary>Changes a subscriber may have waiting before it counts as fallen behind.</summary>
    public const int DefaultCapacity = 1024;

    private readonly Lock _gate = new();
    private readonly int _capacity;

    // Copy-on-write: Publish walks a snapshot while subscribers come and go.
    private Subscriber[] _subscribers = [];

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

        // One batch at a time, so every subscriber sees batches in the same order. Nothing in here waits: a batch is
        // appended to a buffer at once, or the subscriber is dropped.
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                // Only Publish adds (under this lock) and the reader only takes, so the waiting count cannot grow
                // between this check and the append.
                var waiting = subscriber.Waiting;
                if (waiting > 0 && waiting + changes.Count > _capacity)
                {
                    var error = new SubscriberFellBehindException(_capacity);
                    subscriber.Batches.Writer.TryComplete(error);
                    RemoveLocked(subscriber);
                    subscriber.FellBehind?.Invoke(error);
                    continue;
                }

                subscriber.Add(changes);
            }
        }
    }

    /// <summary>
    /// Subscribes at once (changes published after this call are kept for the caller) and reads them until
    /// <paramref name="cancellationToken"/> is cancelled or the enumeration is abandoned.
    /// </summary>
    public IAsyncEnumerable<GraphChange> SubscribeAsync(CancellationToken cancellationToken, Action<SubscriberFellBehindException>? fellBehind = null)
    {
        var subscriber = new Subscriber(fellBehind);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscriber];
        }

        // Cancelling unsubscribes even if the caller never starts reading.
        var registration = cancellationToken.Register(() => Unsubscribe(subscriber));
        return ReadAsync(subscriber, registration, cancellationToken);
    }

    private async IAsyncEnumerable<GraphChange> ReadAsync(
        Subscriber subscriber,
        CancellationTokenRegistration registration,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in subscriber.Batches.Reader.ReadAllAsync(cancellationToken))
            {
                foreach (var change in batch)
                {
                    // Taken: it no longer counts against the capacity.
                    subscriber.Took();
                    yield return change;
                }
            }
        }
        finally
        {
            await registration.DisposeAsync();
            Unsubscribe(subscriber);
        }
    }

    private void Unsubscribe(Subscriber subscriber)
    {
        lock (_gate)
        {
            RemoveLocked(subscriber);
        }

        subscriber.Batches.Writer.TryComplete();
    }

    private void RemoveLocked(Subscriber subscriber)
    {
        if (Array.IndexOf(_subscribers, subscriber) >= 0)
        {
            _subscribers = [.. _subscribers.Where(s => s != subscriber)];
        }
    }

    /// <summary>One subscriber's buffer: whole batches, and how many changes in them it has not taken yet.</summary>
    private sealed class Subscriber(Action<SubscriberFellBehindException>? fellBehind)
    {
        private int _waiting;

        public Channel<IReadOnlyList<GraphChange>> Batches { get; } = Channel.CreateUnbounded<IReadOnlyList<GraphChange>>(
            new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        public Action<SubscriberFellBehindException>? FellBehind { get; } = fellBehind;

        public int Waiting => Volatile.Read(ref _waiting);

        public void Add(IReadOnlyList<GraphChange> batch)
        {
            Interlocked.Add(ref _waiting, batch.Count);
            Batches.Writer.TryWrite(batch);
        }

        public void Took() => Interlocked.Decrement(ref _waiting);
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
