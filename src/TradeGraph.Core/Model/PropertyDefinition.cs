namespace TradeGraph.Core.Model;

/// <summary>A declared property of an entity kind or relationship type.</summary>
/// <param name="Name">camelCase name, used as-is in storage, seed files and GraphQL.</param>
/// <param name="Type">Value type.</param>
/// <param name="Description">What the property means; printed into the GraphQL schema.</param>
/// <param name="Required">Whether every instance must have a value.</param>
/// <param name="EnumName">For <see cref="PropertyType.Enum"/>: the declared enum it takes values from.</param>
/// <param name="Indexed">Whether the store keeps an index on it (also marks it sortable and filterable).</param>
public sealed record PropertyDefinition(
    string Name,
    PropertyType Type,
    string Description,
    bool Required = false,
    string? EnumName = null,
    bool Indexed = false);
