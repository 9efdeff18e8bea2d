using GraphQL;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.GraphQL.Schema.Connections;

/// <summary>The one place a store's <see cref="Page{T}"/> becomes a <see cref="Connection{TEdge}"/>.</summary>
internal static class ConnectionResult
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
        new(page is null ? [] : Edges(page.Items, edge), page?.HasNextPage ?? false, page?.HasPreviousPage ?? false)
        {
            TotalCount = totalCount,
            Aggregate = aggregate,
        };

    private static EntityEdge[] Edges<T>(IReadOnlyList<PageItem<T>> items, Func<PageItem<T>, EntityEdge> edge)
    {
        var edges = new EntityEdge[items.Count];
        for (var i = 0; i < edges.Length; i++)
        {
            edges[i] = edge(items[i]);
        }

        return edges;
    }
}
