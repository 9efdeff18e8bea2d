namespace TradeGraph.Core.Analytics;

/// <summary>How the relationships of a <see cref="GraphProjection"/> are walked.</summary>
public enum EdgeDirection
{
    /// <summary>From each relationship's From end to its To end, as stored.</summary>
    Directed,

    /// <summary>From each relationship's To end back to its From end.</summary>
    Reverse,

    /// <summary>Both ways: every relationship joins its ends in either direction.</summary>
    Undirected,
}
