namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// THE import's statements, beside <see cref="SqlReads"/>: each prepared once per import and run per fact with its
/// parameters set by position (the order given with it). Pinned by golden tests (SqlImportGoldenTests).
/// </summary>
internal static class SqlImportStatements
{
    /// <summary>Parameters: @key, @name, @description, @aliases, @properties, @search, @kind. Returns the new row id, or nothing when the key is stored.</summary>
    public const string InsertEntity = """
        INSERT INTO entities (kind, key, name, description, aliases, properties, search_text)
        VALUES (@kind, @key, @name, @description, @aliases, @properties, @search) ON CONFLICT (key) DO NOTHING RETURNING id
        """;

    /// <summary>Parameters: @key. Columns: id, kind, name, description, aliases, properties.</summary>
    public const string SelectEntity = "SELECT id, kind, name, description, aliases, properties FROM entities WHERE key = @key";

    /// <summary>Parameters: @key, @name, @description, @aliases, @properties, @search.</summary>
    public const string UpdateEntity = """
        UPDATE entities SET name = @name, description = @description, aliases = @aliases,
               properties = @properties, search_text = @search WHERE key = @key
        """;

    /// <summary>Parameters: @key. Columns: id, kind.</summary>
    public const string SelectKind = "SELECT id, kind FROM entities WHERE key = @key";

    /// <summary>Parameters: @type, @from, @to, @properties. Returns the new row id, or nothing when stored.</summary>
    public const string InsertRelationship = """
        INSERT INTO relationships (type, from_id, to_id, properties) VALUES (@type, @from, @to, @properties)
        ON CONFLICT (type, from_id, to_id) DO NOTHING RETURNING id
        """;

    /// <summary>Parameters: @type, @from, @to. Columns: id, properties.</summary>
    public const string SelectRelationship = "SELECT id, properties FROM relationships WHERE type = @type AND from_id = @from AND to_id = @to";

    /// <summary>Parameters: @properties, @id.</summary>
    public const string UpdateRelationship = "UPDATE relationships SET properties = @properties WHERE id = @id";

    /// <summary>Parameters: @fact, @factId, @sourceId, @locator, @note. Changes a row only when the citation is new or its note differs.</summary>
    public const string Cite = """
        INSERT INTO citations (fact, fact_id, source_id, locator, note) VALUES (@fact, @factId, @sourceId, @locator, @note)
        ON CONFLICT (fact, fact_id, source_id, locator) DO UPDATE SET note = excluded.note WHERE note IS NOT excluded.note
        """;

    /// <summary>The facts stored, to tell whether the document is the larger.</summary>
    public const string CountFacts = "SELECT (SELECT COUNT(*) FROM entities) + (SELECT COUNT(*) FROM relationships)";

    /// <summary>Columns: name, sql of each secondary index of the fact tables.</summary>
    public const string SecondaryIndexes = """
        SELECT name, sql FROM sqlite_master
        WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('entities', 'relationships', 'citations') ORDER BY name
        """;

    /// <summary>Drops the index <paramref name="name"/> (a name from sqlite_master, quoted all the same).</summary>
    public static string DropIndex(string name) => $"DROP INDEX \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>Parameters: @type. The key of an entity holding more than one @type relationship at the end <paramref name="column"/> (from_id or to_id).</summary>
    public static string SingleEndViolation(string column) => $"""
        SELECT e.key FROM relationships r JOIN entities e ON e.id = r.{column}
        WHERE r.type = @type GROUP BY r.{column} HAVING COUNT(*) > 1 LIMIT 1
        """;
}
