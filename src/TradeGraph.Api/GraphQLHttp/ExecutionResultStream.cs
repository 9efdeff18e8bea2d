using System.Runtime.CompilerServices;
using System.Threading.Channels;
using GraphQL;
using TradeGraph.Api.GraphQL.Errors;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>
/// Reads a subscription's results (GraphQL.NET hands them out as an <see cref="IObservable{T}"/>, pushing from its own
/// tasks) as an <see cref="IAsyncEnumerable{T}"/> a transport can write from one loop. At most <c>capacity</c> results
/// wait for a slow client; one more ends the stream with SUBSCRIPTION_FELL_BEHIND instead of growing without bound.
/// An error from the stream is thrown (an <see cref="ExecutionError"/>) after the results before it.
/// </summary>
internal static class ExecutionResultStream
{
    public static async IAsyncEnumerable<ExecutionResult> ReadAllAsync(
        this IObservable<ExecutionResult> results,
        int capacity,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<ExecutionResult>(new BoundedChannelOptions(capacity) { SingleReader = true });
        using var subscription = results.Subscribe(new ChannelObserver(channel.Writer, capacity));
        await foreach (var result in channel.Reader.ReadAllAsync(cancellationToken))
        {
            yield return result;
        }
    }

    private sealed class ChannelObserver(ChannelWriter<ExecutionResult> writer, int capacity) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value)
        {
            if (!writer.TryWrite(value))
            {
                writer.TryComplete(new TradeGraphError(ErrorCodes.SubscriptionFellBehind,
                    $"The subscription fell behind: more than {capacity} results were waiting to be sent, so it was ended. "
                    + "Subscribe again to receive changes from now on."));
            }
        }

        public void OnError(Exception error) => writer.TryComplete(error);

        public void OnCompleted() => writer.TryComplete();
    }
}
