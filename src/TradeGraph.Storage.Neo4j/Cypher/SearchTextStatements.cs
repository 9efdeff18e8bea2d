using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j.Cypher;

/// <summary>
/// The schema version 3 step's data side: every entity node of an older database gets the words the full-text index
/// reads (<see cref="StoreProperty.SearchName"/> …), computed by the store from the node's text, in key-ordered batches.
/// </summary>
internal static class SearchTextStatements
{
    public const string Key = "key";
    public const string Name = "name";
    public const string Aliases = "aliases";
    public const string Description = "description";

    /// <summary>A batch of entities after <paramref name="afterKey"/> ("" for the first), in key order: key, name, aliases, description.</summary>
    public static CypherStatement ListText(string afterKey, long limit) => new($$"""
        MATCH (n:{{CypherNames.Escape(CypherNames.EntityLabel)}})
        WHERE n.key > $after
        RETURN n.key AS {{Key}}, n.name AS {{Name}}, n.aliases AS {{Aliases}}, n.description AS {{Description}}
        ORDER BY n.key
        LIMIT $limit
        """, new Dictionary<string, object?>(StringComparer.Ordinal) { ["after"] = afterKey, ["limit"] = limit });

    /// <summary>
    /// Sets each row's search words ({key, name, aliases, description, search}) where the node's text is still the text they
    /// were computed from: a write meanwhile wrote its own words, which must not be overwritten with older ones.
    /// </summary>
    public static CypherStatement Save(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows) => new($$"""
        UNWIND $rows AS row
        MATCH (n:{{CypherNames.Escape(CypherNames.EntityLabel)}} {key: row.key})
        WHERE n.name = row.name AND coalesce(n.aliases, []) = row.aliases AND coalesce(n.description, '') = row.description
        SET n += row.search
        """, new Dictionary<string, object?>(StringComparer.Ordinal) { ["rows"] = rows });
}
