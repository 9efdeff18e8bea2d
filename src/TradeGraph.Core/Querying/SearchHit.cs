using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Querying;

/// <summary>An entity found by text search, with a relevance score (higher is better).</summary>
public sealed record SearchHit(Entity Entity, double Score);
