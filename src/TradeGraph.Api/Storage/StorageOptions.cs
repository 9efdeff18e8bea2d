namespace TradeGraph.Api.Storage;

/// <summary>Which store backs the service.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";
    public const string Sqlite = "Sqlite";
    public const string Neo4j = "Neo4j";

    public static IReadOnlyList<string> Providers { get; } = [Sqlite, Neo4j];

    /// <summary>Sqlite (the embedded default, nothing to install) or Neo4j (the HTTP Query API of Neo4j 5.26 or newer, or Aura).</summary>
    public string Provider { get; set; } = Sqlite;
}
