namespace TradeGraph.Core.Graph;

/// <summary>A set of entities and relationships to load into a store in one transaction (a seed, an import).</summary>
public sealed record GraphDocument(IReadOnlyList<Entity> Entities, IReadOnlyList<Relationship> Relationships);
