using GraphQL;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;

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

/// <summary>One edge: the node, its cursor (encoded only when asked), and for nested connections the relationship that led to it.</summary>
public sealed class EdgeResult
{
    private readonly PageItem<Entity>? _entity;
    private readonly PageItem<RelatedEntity>? _related;

    public EdgeResult(PageItem<Entity> item)
    {
        _entity = item;
        Node = item.Value;
    }

    public EdgeResult(PageItem<RelatedEntity> item)
    {
        _related = item;
        Node = item.Value.Entity;
        Relationship = item.Value.Relationship;
    }

    public string Cursor => _entity?.Cursor ?? _related!.Cursor;

    public Entity Node { get; }

    public Relationship? Relationship { get; }
}

/// <summary>The Relay page flags and the cursors at both ends of a page.</summary>
public sealed record PageInfoResult(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);
