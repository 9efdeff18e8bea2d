using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// The columns that make an Entity, over entity alias <c>e</c>: a read names the <see cref="EntityParts"/> it needs; a
/// part not asked for is a NULL column (no citation subquery, no JSON parsed), and the ordinals stay the same whatever is asked.
/// </summary>
internal static class EntityColumns
{
    public const int Kind = 0;
    public const int Key = 1;
    public const int Name = 2;
    public const int Description = 3;
    public const int Aliases = 4;
    public const int Properties = 5;

    /// <summary>A JSON array of [source key, locator ("" for none), note] per citation.</summary>
    public const int Sources = 6;

    /// <summary>How many columns an entity takes: the ordinal of whatever a statement selects after them.</summary>
    public const int Count = 7;

    private static readonly string[] Texts = ColumnTexts.PerParts(parts => string.Join(", ",
        "e.kind", "e.key", "e.name",
        parts.HasFlag(EntityParts.Description) ? "e.description" : "NULL",
        parts.HasFlag(EntityParts.Aliases) ? "e.aliases" : "NULL",
        parts.HasFlag(EntityParts.Properties) ? "e.properties" : "NULL",
        (parts.HasFlag(EntityParts.Sources) ? ColumnTexts.Citations('E', "e") : "NULL") + " AS sources"));

    /// <summary>Whole entities, citations folded in as a JSON array so one statement returns them (writes and export read these).</summary>
    public static string All => For(EntityParts.All);

    /// <summary>kind, key, name, description, aliases, properties, sources: the parts not asked for as NULL.</summary>
    public static string For(EntityParts parts) => Texts[(int)(parts & EntityParts.All)];
}

/// <summary>The columns of the relationship a related read walked, over relationship alias <c>r</c>: its properties and citations.</summary>
internal static class RelationshipColumns
{
    public const int Properties = 0;

    /// <summary>A JSON array of [source key, locator ("" for none), note] per citation.</summary>
    public const int Sources = 1;

    public const int Count = 2;

    private static readonly string[] Texts = ColumnTexts.PerParts(parts => string.Join(", ",
        parts.HasFlag(EntityParts.RelationshipProperties) ? "r.properties" : "NULL",
        (parts.HasFlag(EntityParts.RelationshipSources) ? ColumnTexts.Citations('R', "r") : "NULL") + " AS relationship_sources"));

    public static string All => For(EntityParts.All);

    /// <summary>relationship properties, relationship sources: the parts not asked for as NULL.</summary>
    public static string For(EntityParts parts) => Texts[(int)(parts & EntityParts.All)];
}

/// <summary>What the column lists share.</summary>
file static class ColumnTexts
{
    /// <summary>One text per combination of parts, built once: the statement text of a read stays the same for SQLite's statement cache.</summary>
    public static string[] PerParts(Func<EntityParts, string> build) => [.. Enumerable.Range(0, (int)EntityParts.All + 1).Select(p => build((EntityParts)p))];

    /// <summary>The citations of the fact <paramref name="alias"/> (of <paramref name="fact"/> 'E' or 'R') as one JSON array.</summary>
    public static string Citations(char fact, string alias) => $"""
        (SELECT json_group_array(json_array(s.key, c.locator, c.note)) FROM citations c JOIN entities s ON s.id = c.source_id
         WHERE c.fact = '{fact}' AND c.fact_id = {alias}.id)
        """;
}
