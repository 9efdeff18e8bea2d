namespace TradeGraph.Core.Model;

/// <summary>How a relationship appears as a field on the entity at one of its ends.</summary>
public sealed record RelationshipEnd(string Field, Cardinality Cardinality, string Description);
