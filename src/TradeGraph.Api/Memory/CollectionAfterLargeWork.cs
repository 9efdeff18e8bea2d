using System.Diagnostics;
using Microsoft.Extensions.Options;
using TradeGraph.Api.Startup;

namespace TradeGraph.Api.Memory;

/// <summary>
/// A full collection after an analytics computation that allocated a lot (issue 13): at 1M relationships Louvain and the
/// components allocate 64–85 MB of large arrays each, garbage that stays committed (with the burst's before it) until a
/// full collection, which a quiet server reaches only at the idle compaction two seconds later — so the memory read right
/// after the fields stood ≈ 130 MB above what the server keeps. The collection runs off the request path: from a
/// background task, once the requests in flight (the one that computed included) have ended, at most one at a time; a
/// server that stays busy for <see cref="MaxWaitForIdle"/> skips it (its own collections and the idle compaction follow).
/// The collection is the idle compaction's (aggressive: compacting, and it decommits what it frees — a forced blocking or
/// background full collection left the freed regions committed: 574 and 546 MB against 484, decision 0017 item 43), and
/// the native memory the idle release hands back follows it.
/// </summary>
public sealed partial class CollectionAfterLargeWork(RequestActivity requests, IOptions<MemoryOptions> options,
    ILogger<CollectionAfterLargeWork> logger, IdleNativeMemory? native = null)
{
    /// <summary>How long a collection waits, from the latest large work reported, for no request to be in flight before it gives up.</summary>
    public static readonly TimeSpan MaxWaitForIdle = TimeSpan.FromSeconds(5);

    private readonly long _threshold = (long)options.Value.CollectAfterAnalyticsMegabytes << 20;
    private readonly IdleNativeMemory? _native = options.Value.IdleNativeRelease ? native : null;
    private int _pending;
    private long _waitUntil;
    private int _collections;

    /// <summary>How long this collector waits for no request in flight (<see cref="MaxWaitForIdle"/>; tests set their own).</summary>
    internal TimeSpan WaitForIdle { get; init; } = MaxWaitForIdle;

    /// <summary>Collections run so far.</summary>
    public int Collections => Volatile.Read(ref _collections);

    /// <summary>The collection in progress or last started (a test waits for it).</summary>
    internal Task Last { get; private set; } = Task.CompletedTask;

    /// <summary>Whether work that allocated <paramref name="allocatedBytes"/> earns a collection.</summary>
    public bool Earns(long allocatedBytes) => _threshold > 0 && allocatedBytes >= _threshold;

    /// <summary>
    /// Reports work that allocated <paramref name="allocatedBytes"/> on its thread; when that is at least
    /// <see cref="MemoryOptions.CollectAfterAnalyticsMegabytes"/>, a collection is started in the background unless one is
    /// already waiting or running. Returns at once.
    /// </summary>
    public void Allocated(long allocatedBytes)
    {
        if (!Earns(allocatedBytes))
        {
            return;
        }

        // Each report moves the wait's end on, so large work reported while a collection waits is not dropped with it.
        Volatile.Write(ref _waitUntil, Stopwatch.GetTimestamp() + (long)(WaitForIdle.TotalSeconds * Stopwatch.Frequency));
        if (Interlocked.Exchange(ref _pending, 1) == 1)
        {
            return;
        }

        Last = Task.Run(CollectWhenIdleAsync);
    }

    private async Task CollectWhenIdleAsync()
    {
        try
        {
            // The request that computed is still in flight (it is being answered): wait for it and any others to end. A
            // client's next request can begin before this continuation runs, so wait again until none is in flight.
            while (requests.InFlight > 0)
            {
                var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), Volatile.Read(ref _waitUntil));
                if (left <= TimeSpan.Zero)
                {
                    LogSkipped(requests.InFlight);
                    return;
                }

                await requests.IdleAsync(left, CancellationToken.None);
            }

            var started = Stopwatch.GetTimestamp();
            var before = GC.GetGCMemoryInfo().TotalCommittedBytes;
            // The idle compaction's own collection, so the idle check two seconds later counts from it and does not repeat it.
            ProcessCompaction.Run();
            _native?.Release();
            Interlocked.Increment(ref _collections);
            LogCollected(before >> 20, GC.GetGCMemoryInfo().TotalCommittedBytes >> 20, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
#pragma warning disable CA1031 // Upkeep must never fail a request or the host; logged.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            LogFailed(failure);
        }
        finally
        {
            Volatile.Write(ref _pending, 0);
        }
    }

    [LoggerMessage(EventId = 11, Level = LogLevel.Information,
        Message = "After large analytics work: full collection, committed {BeforeMegabytes} → {AfterMegabytes} MB in {Milliseconds:F0} ms")]
    private partial void LogCollected(long beforeMegabytes, long afterMegabytes, double milliseconds);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "After large analytics work: no collection, {InFlight} requests still in flight")]
    private partial void LogSkipped(int inFlight);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "After large analytics work: the collection failed")]
    private partial void LogFailed(Exception exception);
}
