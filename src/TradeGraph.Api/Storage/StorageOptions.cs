namespace TradeGraph.Api.Storage;

/// <summary>Which store backs the service.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Sqlite (the embedded default). Neo4j arrives with its backend.</summary>
    public string Provider { get; set; } = "Sqlite";
}
