using System.Runtime.CompilerServices;
using System.Threading.Channels;
using GraphQL;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Api.GraphQL.Schema;
using TradeGraph.Core.Telemetry;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>
/// Reads a subscription's results (GraphQL.NET hands them out as an <see cref="IObservable{T}"/>, pushing from its own
/// tasks) as an <see cref="IAsyncEnumerable{T}"/> a transport can write from one loop. <see cref="Subscribe"/> subscribes
/// at once, so a transport can subscribe before it tells the client the stream is open and no change falls between the
/// two. Each result the transport has finished with gives a permit back to the subscription's
/// <see cref="SubscriptionWindow"/>, so a client that does not read stops the subscription computing. Without a window,
/// at most <c>capacity</c> results wait; one more ends the stream with SUBSCRIPTION_FELL_BEHIND and unsubscribes at once.
/// An error from the stream is thrown (an <see cref="ExecutionError"/>) after the results before it.
/// </summary>
internal sealed class ExecutionResultStream : IDisposable
{
    private readonly Channel<ExecutionResult> _channel;
    private readonly SubscriptionWindow? _window;
    private readonly IDisposable _subscription;
    private bool _disposed;

    private ExecutionResultStream(IObservable<ExecutionResult> results, int capacity, SubscriptionWindow? window)
    {
        _window = window;
        _channel = Channel.CreateBounded<ExecutionResult>(new BoundedChannelOptions(capacity) { SingleReader = true });
        var observer = new ChannelObserver(_channel.Writer, capacity);
        _subscription = results.Subscribe(observer);
        observer.Subscription = _subscription;
        TradeGraphTelemetry.OpenSubscriptions.Add(1);
    }

    /// <summary>Subscribes now: results pushed from here on wait (up to the capacity) for <see cref="ReadAllAsync"/>.</summary>
    public static ExecutionResultStream Subscribe(IObservable<ExecutionResult> results, int capacity, SubscriptionWindow? window) =>
        new(results, capacity, window);

    /// <summary>The results, in order, until the stream completes or <paramref name="cancellationToken"/> is cancelled.</summary>
    public async IAsyncEnumerable<ExecutionResult> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var result in _channel.Reader.ReadAllAsync(cancellationToken))
        {
            yield return result;
            // The transport has sent it (or given up): room for one more.
            _window?.Release();
        }
    }

    /// <summary>Unsubscribes: nothing more is computed for this stream.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _subscription.Dispose();
        TradeGraphTelemetry.OpenSubscriptions.Add(-1);
    }

    private sealed class ChannelObserver(ChannelWriter<ExecutionResult> writer, int capacity) : IObserver<ExecutionResult>
    {
        /// <summary>Set right after subscribing; disposed at once when the buffer overflows, so nothing more is executed.</summary>
        public IDisposable? Subscription { get; set; }

        public void OnNext(ExecutionResult value)
        {
            if (!writer.TryWrite(value)
                && writer.TryComplete(new TradeGraphError(ErrorCodes.SubscriptionFellBehind,
                    $"The subscription fell behind: more than {capacity} results were waiting to be sent, so it was ended. "
                    + "Subscribe again to receive changes from now on.")))
            {
                Subscription?.Dispose();
            }
        }

        public void OnError(Exception error) => writer.TryComplete(error);

        public void OnCompleted() => writer.TryComplete();
    }
}
