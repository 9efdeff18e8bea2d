namespace TradeGraph.Core.Model;

/// <summary>
/// A directed relationship type between two entity kinds, walkable from both ends:
/// <see cref="Outgoing"/> is the field on the <see cref="From"/> kind, <see cref="Incoming"/> the field on the <see cref="To"/> kind.
/// <see cref="Name"/> is UPPER_SNAKE (PARTICIPATES_IN), as in Cypher.
/// </summary>
public sealed record RelationshipType(
    string Name,
    string From,
    string To,
    string Description,
    RelationshipEnd Outgoing,
    RelationshipEnd Incoming,
    IReadOnlyList<PropertyDefinition> Properties)
{
    /// <summary>PascalCase name used for the GraphQL type of the relationship (ParticipatesIn).</summary>
    public string TypeName => string.Concat(Name.Split('_').Select(w => w[0] + w[1..].ToLowerInvariant()));

    public PropertyDefinition? FindProperty(string name) => Properties.FirstOrDefault(p => p.Name == name);

    /// <summary>The kind reached when walking the relationship in <paramref name="direction"/>.</summary>
    public string TargetKind(Direction direction) => direction == Direction.Outgoing ? To : From;
}
