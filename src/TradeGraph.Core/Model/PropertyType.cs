namespace TradeGraph.Core.Model;

/// <summary>The value types a declared property can hold.</summary>
public enum PropertyType
{
    String,
    Int,
    Float,
    Boolean,
    Date,
    Enum,
}
