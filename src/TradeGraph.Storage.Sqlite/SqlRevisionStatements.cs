namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// THE revision log's statements (SqliteGraphStore.Revisions), beside <see cref="SqlReads"/>; the write session opens
/// revisions and records history with <see cref="SqlWriteStatements"/>. The texts are those the store ran inline, byte
/// for byte. Pinned by golden tests (SqlStoreGoldenTests).
/// </summary>
internal static class SqlRevisionStatements
{
    /// <summary>One row: the latest revision, the revision the log is replayable after, the imports counted.</summary>
    public const string Marks = """
        SELECT (SELECT coalesce(max(id), 0) FROM revisions),
               coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'revision_log_after'), 0),
               coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'bulk_loads'), 0)
        """;

    /// <summary>Parameters: @after, @latest, @limit. Columns: id, at, actor.</summary>
    public const string Heads = "SELECT id, at, actor FROM revisions WHERE id > @after AND id <= @latest ORDER BY id LIMIT @limit";

    /// <summary>Parameters: @after, @last. Columns: revision, fact, kind ('' for none), change, changes; in revision and row order.</summary>
    public const string Rows = """
        SELECT revision, fact, coalesce(kind, ''), change, changes FROM history
        WHERE revision > @after AND revision <= @last ORDER BY revision, id
        """;

    /// <summary>Counts an import among the bulk loads; returns its number.</summary>
    public const string CountBulkLoad = """
        INSERT INTO meta (key, value) VALUES ('bulk_loads', '1')
        ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1
        RETURNING CAST(value AS INTEGER)
        """;
}
