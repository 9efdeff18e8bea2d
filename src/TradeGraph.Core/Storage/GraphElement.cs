using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Storage;

/// <summary>One fact of a streamed graph (<see cref="IGraphStore.StreamGraphAsync"/>): an entity or a relationship.</summary>
public readonly record struct GraphElement
{
    private GraphElement(Entity? entity, Relationship? relationship)
    {
        Entity = entity;
        Relationship = relationship;
    }

    public Entity? Entity { get; }

    public Relationship? Relationship { get; }

    public static GraphElement Of(Entity entity) => new(entity, null);

    public static GraphElement Of(Relationship relationship) => new(null, relationship);

    /// <summary>A document's facts in stream order: every entity, then every relationship.</summary>
    public static IEnumerable<GraphElement> All(GraphDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Entities.Select(Of).Concat(document.Relationships.Select(Of));
    }
}
