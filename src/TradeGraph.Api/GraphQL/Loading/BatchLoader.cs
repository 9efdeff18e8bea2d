using GraphQL.DataLoader;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Telemetry;

namespace TradeGraph.Api.GraphQL.Loading;

/// <summary>
/// Request-scoped batching on GraphQL.NET's <see cref="IDataLoaderResult"/>: resolvers queue keys with <see cref="Load(TKey, EntityParts)"/>,
/// the execution strategy runs every other resolver of the level first, and the first result awaited fetches the whole
/// queue in one call. Values are memoized for the request.
/// A loader of entities also takes the <see cref="EntityParts"/> each occurrence needs: one batch is fetched with the union
/// of its occurrences' parts, and a value memoized without a part a later occurrence needs is fetched again, so an entity
/// is never shown to a field that selects a part it was loaded without.
/// </summary>
public sealed class BatchLoader<TKey, TValue>(Func<IReadOnlyCollection<TKey>, EntityParts, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch)
    where TKey : notnull
{
    /// <summary>The name of a batch's span.</summary>
    public const string SpanName = "graphql.batch";

    private readonly Lock _sync = new();
    private readonly Dictionary<TKey, PendingValue> _values = [];
    private List<PendingValue>? _queue;

    /// <summary>A loader whose values have no parts to choose.</summary>
    public BatchLoader(Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch)
        : this((keys, _, cancellationToken) => fetch(keys, cancellationToken))
    {
    }

    /// <summary>What it loads (<c>entities</c>, <c>list</c>, <c>count</c>, …): the <c>tradegraph.loader</c> attribute of its batch spans.</summary>
    public string Name { get; set; } = "entities";

    /// <summary>Loads with every part: the safe default for a caller that does not say what it needs.</summary>
    public IDataLoaderResult<TValue?> Load(TKey key) => Load(key, EntityParts.All);

    public IDataLoaderResult<TValue?> Load(TKey key, EntityParts parts)
    {
        lock (_sync)
        {
            if (_values.TryGetValue(key, out var known))
            {
                if (known.Parts.Covers(parts))
                {
                    return known;
                }

                if (!known.Dispatched)
                {
                    // Still queued: the batch will fetch it with this occurrence's parts too.
                    known.Parts |= parts;
                    return known;
                }
            }

            var pending = new PendingValue(this, key) { Parts = parts | (known?.Parts ?? EntityParts.None) };
            _values[key] = pending;
            (_queue ??= []).Add(pending);
            return pending;
        }
    }

    private Task DispatchAsync(CancellationToken cancellationToken)
    {
        List<PendingValue>? batch;
        var parts = EntityParts.None;
        lock (_sync)
        {
            batch = _queue;
            _queue = null;
            foreach (var pending in batch ?? [])
            {
                pending.Dispatched = true;
                parts |= pending.Parts;
            }
        }

        return batch is null ? Task.CompletedTask : FetchAsync(batch, parts, cancellationToken);
    }

    private async Task FetchAsync(List<PendingValue> batch, EntityParts parts, CancellationToken cancellationToken)
    {
        // One span per dispatch: its store round trips are its children (none when the read model answered in memory).
        using var activity = TradeGraphTelemetry.Source.StartActivity(SpanName);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("tradegraph.loader", Name);
            activity.SetTag("tradegraph.batch.size", batch.Count);
        }

        try
        {
            var keys = new TKey[batch.Count];
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i] = batch[i].Key;
            }

            var values = await fetch(keys, parts, cancellationToken);
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

        /// <summary>What the occurrences that asked for this value need (written under the loader's lock).</summary>
        public EntityParts Parts { get; set; }

        /// <summary>Taken into a batch: parts asked for from now on need a new fetch.</summary>
        public bool Dispatched { get; set; }

        public TaskCompletionSource<TValue?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // A value already there (memoized, or fetched by a dispatch that answered at once — the read model in memory) is
        // its completion's own task: no state machine and no second task per value.
        public Task<TValue?> GetResultAsync(CancellationToken cancellationToken = default)
        {
            if (Completion.Task.IsCompleted)
            {
                return Completion.Task;
            }

            var dispatch = owner.DispatchAsync(cancellationToken);
            return dispatch.IsCompletedSuccessfully && Completion.Task.IsCompleted ? Completion.Task : AwaitResultAsync(dispatch, cancellationToken);
        }

        private async Task<TValue?> AwaitResultAsync(Task dispatch, CancellationToken cancellationToken)
        {
            await dispatch;
            return await Completion.Task.WaitAsync(cancellationToken);
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
