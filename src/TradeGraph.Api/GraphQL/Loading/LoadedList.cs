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
    public async Task<IReadOnlyList<T>> GetResultAsync(CancellationToken cancellationToken = default)
    {
        var values = new List<T>(items.Length);
        foreach (var item in items)
        {
            if (await item.GetResultAsync(cancellationToken) is { } value)
            {
                values.Add(value);
            }
        }

        return values;
    }

    async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
}
