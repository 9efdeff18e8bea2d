namespace TradeGraph.Api;

/// <summary>
/// Reports straight to a callback, on the reporting thread: <see cref="Progress{T}"/> would post each report to a
/// synchronization context there is none of (the thread pool, out of order).
/// </summary>
internal sealed class Reporter<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
