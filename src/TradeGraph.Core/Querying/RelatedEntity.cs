using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Querying;

/// <summary>An entity reached over a relationship, with the relationship itself (its properties and provenance).</summary>
public sealed record RelatedEntity(Entity Entity, Relationship Relationship);
