using GraphQL.DataLoader;

namespace TradeGraph.Api.GraphQL.Loading;

/// <summary>
/// Request-scoped batching on GraphQL.NET's <see cref="IDataLoaderResult"/>: resolvers queue keys with <see cref="Load"/>,
/// the execution strategy runs every other resolver of the level first, and the first result awaited fetches the whole
/// queue in one call. Values are memoized for the request.
/// </summary>
public sealed class BatchLoader<TKey, TValue>(Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch)
    where TKey : notnull
{
    private readonly Lock _sync = new();
    private readonly Dictionary<TKey, PendingValue> _values = [];
    private List<PendingValue>? _queue;

    public IDataLoaderResult<TValue?> Load(TKey key)
    {
        lock (_sync)
        {
            if (!_values.TryGetValue(key, out var pending))
            {
                pending = new PendingValue(this, key);
                _values[key] = pending;
                (_queue ??= []).Add(pending);
            }

            return pending;
        }
    }

    private Task DispatchAsync(CancellationToken cancellationToken)
    {
        List<PendingValue>? batch;
        lock (_sync)
        {
            batch = _queue;
            _queue = null;
        }

        return batch is null ? Task.CompletedTask : FetchAsync(batch, cancellationToken);
    }

    private async Task FetchAsync(List<PendingValue> batch, CancellationToken cancellationToken)
    {
        try
        {
            var values = await fetch([.. batch.Select(p => p.Key)], cancellationToken);
            foreach (var pending in batch)
            {
                pending.Completion.TrySetResult(values.TryGetValue(pending.Key, out var value) ? value : default);
            }
        }
        catch (Exception exception)
        {
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(exception);
            }
        }
    }

    private sealed class PendingValue(BatchLoader<TKey, TValue> owner, TKey key) : IDataLoaderResult<TValue?>
    {
        public TKey Key { get; } = key;

        public TaskCompletionSource<TValue?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<TValue?> GetResultAsync(CancellationToken cancellationToken = default)
        {
            if (!Completion.Task.IsCompleted)
            {
                await owner.DispatchAsync(cancellationToken);
            }

            return await Completion.Task.WaitAsync(cancellationToken);
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
