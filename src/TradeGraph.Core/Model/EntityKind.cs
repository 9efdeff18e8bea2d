namespace TradeGraph.Core.Model;

/// <summary>
/// A kind of entity in the graph. Every entity has a key, a name, aliases, a description and sources;
/// <see cref="Properties"/> are the kind's own declared properties on top of those.
/// </summary>
/// <param name="Name">PascalCase singular name, also the GraphQL type name (Official).</param>
/// <param name="PluralField">camelCase plural, the root query field (officials).</param>
/// <param name="Description">What an entity of this kind is.</param>
/// <param name="Properties">The kind's own properties.</param>
/// <param name="NameField">GraphQL name of the name field; a Source calls it "title".</param>
/// <param name="IsEntity">Whether the GraphQL type implements the Entity interface (a Source is only a Node).</param>
public sealed record EntityKind(
    string Name,
    string PluralField,
    string Description,
    IReadOnlyList<PropertyDefinition> Properties,
    string NameField = "name",
    bool IsEntity = true)
{
    public PropertyDefinition? FindProperty(string name) => Properties.FirstOrDefault(p => p.Name == name);
}
