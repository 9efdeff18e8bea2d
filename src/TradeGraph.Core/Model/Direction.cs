namespace TradeGraph.Core.Model;

/// <summary>Which way a relationship is walked from an anchor entity.</summary>
public enum Direction
{
    /// <summary>From the relationship's From end to its To end.</summary>
    Outgoing,

    /// <summary>From the relationship's To end back to its From end.</summary>
    Incoming,
}
