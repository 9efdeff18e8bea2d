namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// THE write session's statements (SqliteGraphStore.WriteSession), beside <see cref="SqlReads"/> and
/// <see cref="SqlImportStatements"/>: each run inside the write transaction with the parameters named with it. The texts
/// are those the session ran inline, byte for byte. Pinned by golden tests (SqlStoreGoldenTests).
/// </summary>
internal static class SqlWriteStatements
{
    // A relationship by its key: type and the ends' keys.
    private const string RelationshipByKey = """
        FROM relationships r JOIN entities f ON f.id = r.from_id JOIN entities t ON t.id = r.to_id
        WHERE r.type = @type AND f.key = @from AND t.key = @to
        """;

    /// <summary>Parameters: @kind, @key, @name, @description, @aliases, @properties, @search. Returns the row id.</summary>
    public const string InsertEntity = """
        INSERT INTO entities (kind, key, name, description, aliases, properties, search_text)
        VALUES (@kind, @key, @name, @description, @aliases, @properties, @search) RETURNING id
        """;

    /// <summary>Parameters: @key, @name, @description, @aliases, @properties, @search. Returns the row id.</summary>
    public const string UpdateEntity = """
        UPDATE entities SET name = @name, description = @description, aliases = @aliases, properties = @properties, search_text = @search
        WHERE key = @key RETURNING id
        """;

    /// <summary>Parameters: @key. The entity's row id.</summary>
    public const string EntityId = "SELECT id FROM entities WHERE key = @key";

    /// <summary>Parameters: @key. Columns: type, from key, to key, properties of every relationship at either end.</summary>
    public const string RelationshipsOf = """
        SELECT r.type, f.key, t.key, r.properties FROM relationships r JOIN entities f ON f.id = r.from_id JOIN entities t ON t.id = r.to_id
        WHERE r.from_id = (SELECT id FROM entities WHERE key = @key) OR r.to_id = (SELECT id FROM entities WHERE key = @key)
        """;

    /// <summary>Parameters: @key (a source). How many citations it makes.</summary>
    public const string CitationCount = "SELECT COUNT(*) FROM citations WHERE source_id = (SELECT id FROM entities WHERE key = @key)";

    /// <summary>Parameters: @id (a source's row id). Columns: type (NULL for an entity), from key, to key (NULL), locator of the other facts it cites.</summary>
    public const string CitingFacts = """
        SELECT NULL, e.key, NULL, c.locator FROM citations c JOIN entities e ON c.fact = 'E' AND e.id = c.fact_id
        WHERE c.source_id = @id AND e.id <> @id
        UNION ALL
        SELECT r.type, f.key, t.key, c.locator FROM citations c JOIN relationships r ON c.fact = 'R' AND r.id = c.fact_id
        JOIN entities f ON f.id = r.from_id JOIN entities t ON t.id = r.to_id
        WHERE c.source_id = @id AND r.from_id <> @id AND r.to_id <> @id
        """;

    /// <summary>Parameters: @id (a source's row id).</summary>
    public const string RemoveCitations = "DELETE FROM citations WHERE source_id = @id";

    /// <summary>Parameters: @id. The entity with its relationships and citations (its passages and vector go by trigger).</summary>
    public const string DeleteEntity = """
        DELETE FROM citations WHERE fact = 'R' AND fact_id IN (SELECT id FROM relationships WHERE from_id = @id OR to_id = @id);
        DELETE FROM relationships WHERE from_id = @id OR to_id = @id;
        DELETE FROM citations WHERE source_id = @id OR (fact = 'E' AND fact_id = @id);
        DELETE FROM entities WHERE id = @id;
        """;

    /// <summary>Parameters: @type, @from, @to. Columns: <see cref="RelationshipColumns"/>.</summary>
    public static readonly string FindRelationship = $"SELECT {RelationshipColumns.All} {RelationshipByKey}";

    /// <summary>Parameters: @type, @from, @to, @properties. Returns the row id.</summary>
    public const string InsertRelationship = """
        INSERT INTO relationships (type, from_id, to_id, properties)
        VALUES (@type, (SELECT id FROM entities WHERE key = @from), (SELECT id FROM entities WHERE key = @to), @properties) RETURNING id
        """;

    /// <summary>Parameters: @type, @from, @to, @properties. Returns the row id.</summary>
    public const string UpdateRelationship = $"UPDATE relationships SET properties = @properties WHERE id = (SELECT r.id {RelationshipByKey}) RETURNING id";

    /// <summary>Parameters: @type, @from, @to. The row id.</summary>
    public const string RelationshipId = $"SELECT r.id {RelationshipByKey}";

    /// <summary>Parameters: @type, @from, @to. Columns: id, properties.</summary>
    public const string RelationshipRow = $"SELECT r.id, r.properties {RelationshipByKey}";

    /// <summary>Parameters: @id. The relationship and its citations.</summary>
    public const string DeleteRelationship = """
        DELETE FROM citations WHERE fact = 'R' AND fact_id = @id;
        DELETE FROM relationships WHERE id = @id;
        """;

    /// <summary>Parameters: @at, @actor. Returns the revision's number.</summary>
    public const string OpenRevision = "INSERT INTO revisions (at, actor) VALUES (@at, @actor) RETURNING id";

    /// <summary>Parameters: @revision, @fact, @kind, @change, @changes, @sources, @editorial.</summary>
    public const string InsertHistory = """
        INSERT INTO history (revision, fact, kind, change, changes, sources, editorial)
        VALUES (@revision, @fact, @kind, @change, @changes, @sources, @editorial)
        """;

    /// <summary>Parameters: @keys (a JSON array of [type, from key, to key]). Columns: id of each stored one.</summary>
    public const string RelationshipIdsByKey = """
        SELECT r.id FROM json_each(@keys) k
        JOIN entities f ON f.key = json_extract(k.value, '$[1]') JOIN entities t ON t.key = json_extract(k.value, '$[2]')
        JOIN relationships r ON r.type = json_extract(k.value, '$[0]') AND r.from_id = f.id AND r.to_id = t.id
        """;

    /// <summary>Parameters: @fact ('E' or 'R'), @factId, @source (key), @locator, @note. Changes a row only when the citation is new or its note differs.</summary>
    public const string Cite = """
        INSERT INTO citations (fact, fact_id, source_id, locator, note)
        VALUES (@fact, @factId, (SELECT id FROM entities WHERE key = @source), @locator, @note)
        ON CONFLICT (fact, fact_id, source_id, locator) DO UPDATE SET note = excluded.note WHERE note IS NOT excluded.note
        """;

    /// <summary>
    /// Parameters: @type, @key. The far key of a @type relationship the entity @key already holds at the end
    /// <paramref name="anchor"/> (from_id or to_id; <paramref name="far"/> is the other).
    /// </summary>
    public static string HeldEnd(string anchor, string far) => $"""
        SELECT e.key FROM relationships r JOIN entities e ON e.id = r.{far}
        WHERE r.type = @type AND r.{anchor} = (SELECT id FROM entities WHERE key = @key) LIMIT 1
        """;
}
