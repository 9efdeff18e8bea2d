using GraphQL.DataLoader;

namespace TradeGraph.Api.GraphQL.Loading;

/// <summary>A batched result transformed once it arrives (a page into a connection, a page into its first entity).</summary>
public sealed class MappedResult<TIn, TOut>(IDataLoaderResult<TIn> inner, Func<TIn, TOut> map) : IDataLoaderResult<TOut>
{
    public async Task<TOut> GetResultAsync(CancellationToken cancellationToken = default) => map(await inner.GetResultAsync(cancellationToken));

    async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
}
