namespace TradeGraph.Api.Storage;

/// <summary>
/// The in-memory read model (<see cref="Core.Storage.ReadModelGraphStore"/>): graph reads answered from memory, kept in
/// step with every write made through this server.
/// </summary>
public sealed class ReadModelOptions
{
    public const string SectionName = "Storage:ReadModel";

    /// <summary>
    /// On by default for the embedded SQLite store (only this process writes it); off by default for Neo4j, which another
    /// process may write (a change made elsewhere is not seen until this server imports or restarts).
    /// </summary>
    public bool? Enabled { get; set; }

    public bool IsEnabledFor(string provider) =>
        Enabled ?? provider.Equals(StorageOptions.Sqlite, StringComparison.OrdinalIgnoreCase);
}
