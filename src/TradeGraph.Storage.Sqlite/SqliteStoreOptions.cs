namespace TradeGraph.Storage.Sqlite;

/// <summary>Where the embedded store keeps its file.</summary>
public sealed class SqliteStoreOptions
{
    public const string SectionName = "Storage:Sqlite";

    /// <summary>Path of the database file; relative paths are resolved against the host's content root.</summary>
    public string Path { get; set; } = "data/tradegraph.db";
}
