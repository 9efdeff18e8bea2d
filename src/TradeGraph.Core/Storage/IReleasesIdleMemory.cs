namespace TradeGraph.Core.Storage;

/// <summary>
/// A store that keeps caches it can rebuild on demand (SQLite's page cache per kept read connection) and gives them back
/// when asked: the server asks once it has been idle after a burst of requests, so memory a burst grew is not kept while
/// nothing uses it (issue 13). Must be safe to call while other calls run.
/// </summary>
public interface IReleasesIdleMemory
{
    /// <summary>Frees what the store keeps only for speed; answers do not change. Returns how many caches it emptied.</summary>
    int ReleaseIdleMemory();
}
