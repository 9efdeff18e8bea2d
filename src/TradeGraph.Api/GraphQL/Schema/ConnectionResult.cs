using GraphQL;
using TradeGraph.Core.Graph;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>What a connection field resolves to; <see cref="TotalCount"/> runs only when totalCount is selected.</summary>
public sealed record ConnectionResult(
    IReadOnlyList<EdgeResult> Edges,
    bool HasNextPage,
    bool HasPreviousPage,
    Func<IResolveFieldContext, Task<object?>> TotalCount);

/// <summary>One edge: the node, its cursor, and for nested connections the relationship that led to it.</summary>
public sealed record EdgeResult(string Cursor, Entity Node, Relationship? Relationship);
