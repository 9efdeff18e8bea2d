namespace TradeGraph.Core.Model;

/// <summary>How many relationships of a type one entity may have at one end.</summary>
public enum Cardinality
{
    /// <summary>At most one: exposed as a single field (Official.country).</summary>
    One,

    /// <summary>Any number: exposed as a connection (Meeting.participants).</summary>
    Many,
}
