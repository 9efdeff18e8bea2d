using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.GraphQL.Schema.Connections;

/// <summary>
/// An edge of a connection over entities: the node, its cursor (encoded only when asked), and for nested connections the
/// relationship that led to it. Root and nested connections of a kind share one edge type, so both read as this.
/// </summary>
internal sealed class EntityEdge
{
    private readonly PageItem<Entity>? _entity;
    private readonly PageItem<RelatedEntity>? _related;

    public EntityEdge(PageItem<Entity> item)
    {
        _entity = item;
        Node = item.Value;
    }

    public EntityEdge(PageItem<RelatedEntity> item)
    {
        _related = item;
        Node = item.Value.Entity;
        Relationship = item.Value.Relationship;
    }

    public string Cursor => _entity?.Cursor ?? _related!.Cursor;

    public Entity Node { get; }

    public Relationship? Relationship { get; }
}
