using GraphQL;
using TradeGraph.Core.Graph;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// What a connection field resolves to. <see cref="TotalCount"/> and <see cref="Aggregate"/> run only when selected;
/// <see cref="Aggregate"/> takes the property names the client asked ranges for.
/// </summary>
public sealed record ConnectionResult(
    IReadOnlyList<EdgeResult> Edges,
    bool HasNextPage,
    bool HasPreviousPage,
    Func<IResolveFieldContext, Task<object?>> TotalCount,
    Func<IResolveFieldContext, IReadOnlyCollection<string>, Task<object?>> Aggregate);

/// <summary>One edge: the node, its cursor, and for nested connections the relationship that led to it.</summary>
public sealed record EdgeResult(string Cursor, Entity Node, Relationship? Relationship);

/// <summary>The Relay page flags and the cursors at both ends of a page.</summary>
public sealed record PageInfoResult(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);
