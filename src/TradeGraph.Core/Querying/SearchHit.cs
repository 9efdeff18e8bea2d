using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Querying;

/// <summary>
/// An entity found by search, with a relevance score (higher is better) and, for semantic and hybrid search, the rank it
/// had in each signal's own ranking (null for plain text search, whose one signal is the text).
/// </summary>
public sealed record SearchHit(Entity Entity, double Score)
{
    public HitSignals? Signals { get; init; }
}

/// <summary>Where a hit stood in each ranking that found it (1 is best; null: that signal did not find it).</summary>
public sealed record HitSignals(int? TextRank, int? SemanticRank);
