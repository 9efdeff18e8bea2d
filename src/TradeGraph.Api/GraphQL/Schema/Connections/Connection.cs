using GraphQL;

namespace TradeGraph.Api.GraphQL.Schema.Connections;

/// <summary>
/// What every connection field resolves to (root lists, nested relationship lists, search, cited facts): the page's
/// edges in order and its Relay flags. <see cref="TotalCount"/> and <see cref="Aggregate"/> run only when selected;
/// <see cref="Aggregate"/> takes the property names the client asked ranges for. Built by <see cref="ConnectionResult"/>.
/// </summary>
internal sealed record Connection<TEdge>(IReadOnlyList<TEdge> Edges, bool HasNextPage, bool HasPreviousPage)
{
    public Func<IResolveFieldContext, Task<object?>>? TotalCount { get; init; }

    public Func<IResolveFieldContext, IReadOnlyCollection<string>, Task<object?>>? Aggregate { get; init; }
}
