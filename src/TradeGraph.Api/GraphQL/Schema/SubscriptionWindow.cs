namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// Flow control between a subscription and the transport sending its results. GraphQL.NET starts executing an event as
/// soon as the source pushes it, whether or not anyone will read the result, so the source takes a permit before each
/// event and the transport gives one back for each result it has sent: at most <c>size</c> results of one subscription
/// are ever being computed or waiting. Meanwhile changes wait in the change feed, which ends a subscriber that falls
/// too far behind; <see cref="Fail"/> then stops the source at once, even while it waits here for a permit.
/// The transport puts the window in the request's user context under <see cref="ContextKey"/>.
/// Not disposable, on purpose: the source may still wait here (and the feed call <see cref="Fail"/>) after the
/// transport is done, and neither field holds anything to free (no wait handle is taken, no timer set).
/// </summary>
internal sealed class SubscriptionWindow(int size)
{
    public const string ContextKey = "tradegraph.subscriptionWindow";

    private readonly SemaphoreSlim _permits = new(size, size);
    private readonly CancellationTokenSource _failed = new();
    private Exception? _failure;

    public int Size { get; } = size;

    /// <summary>The window a transport set up for this request, if any.</summary>
    public static SubscriptionWindow? From(IDictionary<string, object?> userContext) =>
        userContext.TryGetValue(ContextKey, out var window) ? window as SubscriptionWindow : null;

    /// <summary>Waits for room for one more result; throws the failure given to <see cref="Fail"/>, if any.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _failed.Token);
        try
        {
            await _permits.WaitAsync(either.Token);
        }
        catch (OperationCanceledException) when (Volatile.Read(ref _failure) is { } failure && !cancellationToken.IsCancellationRequested)
        {
            throw failure;
        }
    }

    /// <summary>A result has been sent (or dropped): one more may be computed.</summary>
    public void Release()
    {
        try
        {
            _permits.Release();
        }
        catch (SemaphoreFullException)
        {
            // More releases than waits: a result that did not come through the window.
        }
    }

    /// <summary>Ends the source with <paramref name="failure"/> now; called from the change feed, so it never blocks.</summary>
    public void Fail(Exception failure)
    {
        if (Interlocked.CompareExchange(ref _failure, failure, null) is null)
        {
            _failed.Cancel();
        }
    }
}
