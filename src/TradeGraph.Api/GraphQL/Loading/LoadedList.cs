using GraphQL.DataLoader;

namespace TradeGraph.Api.GraphQL.Loading;

/// <summary>
/// The values of several queued loads as one loader result, in order, those with no value left out. The field returns
/// it at once (no task of its own), so the executor asks for it with the rest of the level's loads: one batch however
/// many lists the level holds (every path of <c>kShortestPaths</c>).
/// </summary>
internal sealed class LoadedList<T>(IDataLoaderResult<T?>[] items) : IDataLoaderResult<IReadOnlyList<T>>
    where T : class
{
    public Task<IReadOnlyList<T>> GetResultAsync(CancellationToken cancellationToken = default)
    {
        // Asked after the level's batch ran, every load is done: the list is made without a state machine per call.
        var values = new List<T>(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            var pending = items[i].GetResultAsync(cancellationToken);
            if (!pending.IsCompletedSuccessfully)
            {
                return RestAsync(values, i, pending, cancellationToken);
            }

            if (pending.Result is { } value)
            {
                values.Add(value);
            }
        }

        return Task.FromResult<IReadOnlyList<T>>(values);
    }

    Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken)
    {
        var list = GetResultAsync(cancellationToken);
        return list.IsCompletedSuccessfully ? Task.FromResult<object?>(list.Result) : AsObjectAsync(list);
    }

    private static async Task<object?> AsObjectAsync(Task<IReadOnlyList<T>> list) => await list.ConfigureAwait(false);

    /// <summary>The rest of the list from the load at <paramref name="index"/> on, awaiting those not done yet.</summary>
    private async Task<IReadOnlyList<T>> RestAsync(List<T> values, int index, Task<T?> pending, CancellationToken cancellationToken)
    {
        if (await pending.ConfigureAwait(false) is { } first)
        {
            values.Add(first);
        }

        for (var i = index + 1; i < items.Length; i++)
        {
            if (await items[i].GetResultAsync(cancellationToken).ConfigureAwait(false) is { } value)
            {
                values.Add(value);
            }
        }

        return values;
    }
}
