using TradeGraph.Core.Model;

namespace TradeGraph.Storage.Neo4j.Cypher;

/// <summary>
/// THE one way a name reaches Cypher text: labels, relationship types and property names come only from the model
/// (or the store's own fixed names) and are backtick-quoted here, embedded backticks doubled. Values never do: they
/// are parameters.
/// </summary>
public static class CypherNames
{
    /// <summary>The label every node that is an Entity also carries (MENTIONS ends at it).</summary>
    public const string EntityLabel = "Entity";

    public static string Escape(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
    }

    /// <summary>The label of a kind; for an end that takes any entity, the Entity label.</summary>
    public static string Label(EntityKind kind) => Escape(kind.Name);

    public static string Type(RelationshipType type) => Escape(type.Name);

    public static string Property(PropertyDefinition property) => Escape(property.Name);
}
