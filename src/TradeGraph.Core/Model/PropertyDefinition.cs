namespace TradeGraph.Core.Model;

/// <summary>A declared property of an entity kind or relationship type.</summary>
/// <param name="Name">camelCase name, used as-is in storage, seed files and GraphQL.</param>
/// <param name="Type">Value type.</param>
/// <param name="Description">What the property means; printed into the GraphQL schema.</param>
/// <param name="Required">Whether every instance must have a value.</param>
/// <param name="EnumName">For <see cref="PropertyType.Enum"/>: the declared enum it takes values from.</param>
/// <param name="Indexed">Whether the store keeps an index on it.</param>
/// <param name="Filterable">Whether clients may filter and sort on it (<c>where</c>, <c>order</c>).</param>
public sealed record PropertyDefinition(
    string Name,
    PropertyType Type,
    string Description,
    bool Required = false,
    string? EnumName = null,
    bool Indexed = false,
    bool Filterable = true)
{
    /// <summary>Numbers and dates have a range: aggregates report their min and max.</summary>
    public bool HasRange => Type is PropertyType.Int or PropertyType.Float or PropertyType.Date;
}
