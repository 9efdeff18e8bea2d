namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// An <see cref="IAsyncEnumerable{T}"/> as the <see cref="IObservable{T}"/> GraphQL.NET's code-first stream resolvers
/// return. Each subscriber gets its own enumeration, started on subscribe and cancelled when the subscription is
/// disposed; after that the observer hears nothing more. <paramref name="mapError"/> turns the source's exceptions into
/// what the observer should see (such as a coded GraphQL error). With a <paramref name="window"/>, each item waits for a
/// permit before it is pushed, so no more items are in the observer's hands than the window allows.
/// </summary>
internal sealed class AsyncEnumerableObservable<T>(
    Func<CancellationToken, IAsyncEnumerable<T>> source, Func<Exception, Exception> mapError, SubscriptionWindow? window = null)
    : IObservable<T>
{
    public IDisposable Subscribe(IObserver<T> observer)
    {
        var subscription = new Subscription();
        // Runs synchronously up to the source's first wait, so the source has subscribed by the time this returns.
        _ = PumpAsync(observer, subscription.Token);
        return subscription;
    }

    private async Task PumpAsync(IObserver<T> observer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in source(cancellationToken).WithCancellation(cancellationToken))
            {
                if (window is not null)
                {
                    await window.WaitAsync(cancellationToken);
                }

                observer.OnNext(item);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed: the observer asked to hear nothing more.
            return;
        }
        catch (Exception e)
        {
            observer.OnError(mapError(e));
            return;
        }

        observer.OnCompleted();
    }

    private sealed class Subscription : IDisposable
    {
        // Never disposed: it has no timer, and the pump may still be registering on its token while it is cancelled.
        private readonly CancellationTokenSource _cancellation = new();

        public CancellationToken Token => _cancellation.Token;

        public void Dispose() => _cancellation.Cancel();
    }
}
