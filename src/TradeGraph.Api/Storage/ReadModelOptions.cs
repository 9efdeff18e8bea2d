using System.ComponentModel.DataAnnotations;

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

    /// <summary>
    /// How long the first build waits, at most, for the analytics snapshot warmed at start (<c>Analytics:WarmOnStart</c>)
    /// before it reads the store: the snapshot is what the first analytics answer needs, and the two whole-graph reads
    /// would otherwise compete for the CPU. Reads go to the store meanwhile. 0: build at once.
    /// </summary>
    [Range(0, 600)]
    public int WaitForAnalyticsSeconds { get; set; } = 30;

    public bool IsEnabledFor(string provider) =>
        Enabled ?? provider.Equals(StorageOptions.Sqlite, StringComparison.OrdinalIgnoreCase);
}
