using TradeGraph.Core.Exchange;
using TradeGraph.Core.Model;

namespace TradeGraph.Storage.Neo4j.Cypher;

/// <summary>
/// THE one way a name reaches the store's Cypher text: labels, relationship types and property names come only from the
/// model (or the store's own fixed names) and are quoted as <see cref="Neo4jLayout"/> (shared with the Cypher export) says.
/// Values never do: they are parameters.
/// </summary>
public static class CypherNames
{
    /// <summary>The label every node that is an Entity also carries (MENTIONS ends at it).</summary>
    public const string EntityLabel = Neo4jLayout.EntityLabel;

    public static string Escape(string name) => Neo4jLayout.Identifier(name);

    /// <summary>The label of a kind; for an end that takes any entity, the Entity label.</summary>
    public static string Label(EntityKind kind) => Neo4jLayout.Label(kind);

    public static string Type(RelationshipType type) => Neo4jLayout.Type(type);

    public static string Property(PropertyDefinition property) => Neo4jLayout.Property(property);
}
