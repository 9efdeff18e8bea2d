using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Memory;

/// <summary>
/// Memory outside the managed heap that a burst of requests grows and an idle server keeps (issue 13: ≈ 30 MB after the
/// bench's 32-connection runs at 1M): the store's caches (SQLite's page cache per kept read connection) and what glibc's
/// malloc keeps of freed native memory in its per-thread arenas. Asked by <see cref="IdleHeapCompaction"/> once the
/// server has been idle after requests, and by <see cref="CollectionAfterLargeWork"/> after its collection; never while
/// one is in flight. The store is asked for when needed (after requests
/// it exists; asking at construction would create it before the host validated its settings).
/// </summary>
public sealed partial class IdleNativeMemory(Func<IReleasesIdleMemory?> store, ILogger<IdleNativeMemory> logger)
{
    private int _releases;

    /// <summary>How many times this has released memory.</summary>
    public int Releases => Volatile.Read(ref _releases);

    public void Release()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var caches = 0;
        try
        {
            caches = store()?.ReleaseIdleMemory() ?? 0;
        }
        catch (Exception exception) when (exception is InvalidOperationException or ObjectDisposedException)
        {
            // A store closing under us keeps nothing worth releasing; the next idle period tries again.
            LogStoreRelease(exception);
        }

        var trimmed = GlibcHeap.TryTrim();
        Interlocked.Increment(ref _releases);
        LogReleased(caches, trimmed, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Idle: emptied {Caches} store caches; malloc arenas trimmed: {Trimmed}; in {Milliseconds:F1} ms")]
    private partial void LogReleased(int caches, bool trimmed, double milliseconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Idle: the store's caches were not released")]
    private partial void LogStoreRelease(Exception exception);
}
