using Microsoft.Extensions.Options;
using TradeGraph.Api.Startup;

namespace TradeGraph.Api.Memory;

/// <summary>
/// After large one-off work the collector keeps its garbage until the next full collection, which a quiet server may not
/// reach for a long time: at 1M relationships the analytics fields left the heap ~300 MB above what was live (mostly
/// large-object arrays, collected only with generation 2). When the server has been idle a while and the heap has grown
/// past <see cref="MemoryOptions.IdleCompactionMegabytes"/> since the last compaction (or the process allocated
/// <see cref="MemoryOptions.IdleCompactionAllocatedMegabytes"/> since then), one aggressive collection compacts
/// everything and decommits the free space. Only when idle, so no request pays for it (a request arriving during the
/// collection waits for it, as it would for any full collection). After requests ran, the same idle period also releases
/// the native memory they grew (<see cref="IdleNativeMemory"/>), after the compaction (whose finalizers free some).
/// </summary>
internal sealed partial class IdleHeapCompaction(RequestActivity requests, IOptions<MemoryOptions> options, ILogger<IdleHeapCompaction> logger,
    IdleNativeMemory? native = null)
    : BackgroundService
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    private int _compactions;

    /// <summary>How many compactions this service has run.</summary>
    public int Compactions => Volatile.Read(ref _compactions);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var growth = new HeapGrowth((long)options.Value.IdleCompactionMegabytes << 20, (long)options.Value.IdleCompactionAllocatedMegabytes << 20);
        var releaseNative = options.Value.IdleNativeRelease ? native : null;
        if (!growth.IsEnabled && releaseNative is null)
        {
            return;
        }

        var idleFor = TimeSpan.FromSeconds(options.Value.IdleCompactionAfterSeconds);
        var releasedAfterBurst = requests.LastBurstEndedAt;
        var compactedAfterBurst = releasedAfterBurst;
        using var timer = new PeriodicTimer(CheckEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (requests.IdleFor < idleFor)
            {
                continue;
            }

            try
            {
                var burstEnded = requests.LastBurstEndedAt;
                if (CompactIfGrown(growth, requestsRanSince: burstEnded != compactedAfterBurst))
                {
                    compactedAfterBurst = burstEnded;
                }

                if (releaseNative is not null && burstEnded != releasedAfterBurst)
                {
                    releasedAfterBurst = burstEnded;
                    releaseNative.Release();
                }
            }
#pragma warning disable CA1031 // Upkeep that failed is logged and tried at the next idle check; it must not stop the host.
            catch (Exception failure)
#pragma warning restore CA1031
            {
                LogUpkeepFailed(failure);
            }
        }
    }

    private bool CompactIfGrown(HeapGrowth growth, bool requestsRanSince)
    {
        if (!growth.IsEnabled)
        {
            return false;
        }

        // Counted from the process's last compaction, whoever ran it (a second host, the collection after large work).
        var (lastHeld, lastAllocated) = ProcessCompaction.Last;
        growth.CompactedElsewhere(lastHeld, lastAllocated);
        var held = HeapGrowth.HeldBytes();
        if (!growth.WorthCompacting(held, HeapGrowth.AllocatedBytes(), requestsRanSince))
        {
            return false;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var (after, allocated) = ProcessCompaction.Run();
        growth.Compacted(after, allocated);
        Interlocked.Increment(ref _compactions);
        LogCompacted(held >> 20, after >> 20, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return true;
    }

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Idle: memory upkeep failed; tried again at the next idle check")]
    private partial void LogUpkeepFailed(Exception exception);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Idle: compacted the managed heap from {BeforeMegabytes} to {AfterMegabytes} MB in {Milliseconds:F0} ms")]
    private partial void LogCompacted(long beforeMegabytes, long afterMegabytes, double milliseconds);
}
