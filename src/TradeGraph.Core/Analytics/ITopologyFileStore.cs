namespace TradeGraph.Core.Analytics;

/// <summary>
/// A store that keeps the topology it last read in a file (SQLite: <c>&lt;store&gt;.topology</c>) names it, so analytics
/// can keep what it computes on that topology beside it (<see cref="KeptRankingsFormat"/>).
/// </summary>
public interface ITopologyFileStore
{
    /// <summary>The topology file's path; null when none is kept (an in-memory database, or the setting off).</summary>
    string? TopologyFilePath { get; }
}
