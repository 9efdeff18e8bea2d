using GraphQL;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.GraphQL.Schema.Connections;

/// <summary>
/// What every connection field resolves to (root lists, nested relationship lists, search, cited facts): the page's
/// edges in order and its Relay flags. <see cref="TotalCount"/> and <see cref="Aggregate"/> run only when selected;
/// <see cref="Aggregate"/> takes the property names the client asked ranges for. Built by <see cref="Connection"/>.
/// </summary>
internal sealed record Connection<TEdge>(IReadOnlyList<TEdge> Edges, bool HasNextPage, bool HasPreviousPage)
{
    public Func<IResolveFieldContext, Task<object?>>? TotalCount { get; init; }

    public Func<IResolveFieldContext, IReadOnlyCollection<string>, Task<object?>>? Aggregate { get; init; }
}

/// <summary>The one place a store's <see cref="Page{T}"/> becomes a <see cref="Connection{TEdge}"/>.</summary>
internal static class Connection
{
    /// <summary>A page whose items are the edges (search hits, cited facts); no page (nothing loaded) is an empty one.</summary>
    public static Connection<PageItem<T>> Of<T>(Page<T>? page, Func<IResolveFieldContext, Task<object?>>? totalCount = null) =>
        new(page?.Items ?? [], page?.HasNextPage ?? false, page?.HasPreviousPage ?? false) { TotalCount = totalCount };

    /// <summary>
    /// A page of entities over the kind's shared edge type: the root lists (<see cref="Entity"/> items) and the nested
    /// relationship lists (<see cref="RelatedEntity"/> items) alike; no page (nothing loaded) is an empty one.
    /// </summary>
    public static Connection<EntityEdge> OfEntities<T>(
        Page<T>? page,
        Func<PageItem<T>, EntityEdge> edge,
        Func<IResolveFieldContext, Task<object?>> totalCount,
        Func<IResolveFieldContext, IReadOnlyCollection<string>, Task<object?>> aggregate) =>
        new(page is null ? [] : [.. page.Items.Select(edge)], page?.HasNextPage ?? false, page?.HasPreviousPage ?? false)
        {
            TotalCount = totalCount,
            Aggregate = aggregate,
        };
}
