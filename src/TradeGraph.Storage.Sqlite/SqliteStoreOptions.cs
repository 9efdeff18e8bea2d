using System.ComponentModel.DataAnnotations;

namespace TradeGraph.Storage.Sqlite;

/// <summary>Where the embedded store keeps its file.</summary>
public sealed class SqliteStoreOptions
{
    public const string SectionName = "Storage:Sqlite";

    /// <summary>Path of the database file; relative paths are resolved against the host's content root.</summary>
    public string Path { get; set; } = "data/tradegraph.db";

    /// <summary>
    /// Read connections kept open with their prepared statements while idle (more are opened under load and closed when
    /// given back). Each holds SQLite's page cache (about 2 MB at most).
    /// </summary>
    [Range(1, 256)]
    public int ReadConnections { get; set; } = 16;

    /// <summary>
    /// Prepared statements kept per read connection, least recently used dropped first. A statement's text depends on the
    /// shape of a filter or order, not its values, so a few dozen cover what a frontend sends.
    /// </summary>
    [Range(1, 10_000)]
    public int StatementsPerConnection { get; set; } = 128;

    /// <summary>
    /// Keep the graph's topology last read for analytics in a file next to the store (<c>&lt;Path&gt;.topology</c>),
    /// stamped with what changes whenever the graph does (revision, imports, row ids and counts, schema), and read it
    /// back instead of the tables while the stamp still matches: the first analytics answer after a restart without
    /// reading a million rows. A stale, damaged or unwritable file is never used; the tables are read instead.
    /// </summary>
    public bool TopologySnapshot { get; set; } = true;
}
