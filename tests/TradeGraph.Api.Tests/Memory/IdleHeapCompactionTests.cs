using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TradeGraph.Api.Memory;
using TradeGraph.Api.Startup;

namespace TradeGraph.Api.Tests.Memory;

/// <summary>The idle-time compaction (issue 13): only when the heap grew past the threshold, only when no request is in flight.</summary>
public sealed class IdleHeapCompactionTests
{
    [Fact]
    public void GrowthIsMeasuredFromWhatTheLastCompactionLeft()
    {
        var growth = new HeapGrowth(100);

        Assert.True(growth.IsEnabled);
        Assert.False(growth.WorthCompacting(99));
        Assert.True(growth.WorthCompacting(100));
        growth.Compacted(80);
        Assert.False(growth.WorthCompacting(179));
        Assert.True(growth.WorthCompacting(180));
    }

    [Fact]
    public void AllocationSinceTheLastCompactionIsWorthOneThoughTheHeapDidNotGrow()
    {
        var growth = new HeapGrowth(100, allocatedThresholdBytes: 1_000);

        Assert.False(growth.WorthCompacting(0, 999));
        Assert.True(growth.WorthCompacting(0, 1_000));
        growth.Compacted(50, 1_000);
        // Counted from the compaction: what was allocated before it does not count again.
        Assert.False(growth.WorthCompacting(60, 1_999));
        Assert.True(growth.WorthCompacting(60, 2_000));
        // Growth alone still decides as before.
        Assert.True(growth.WorthCompacting(150, 1_000));
        // A later compaction elsewhere in the process (more allocated by then) moves both marks to what it left, the held
        // bytes down as well; an earlier one (less allocated) is ignored.
        growth.CompactedElsewhere(40, 1_500);
        Assert.False(growth.WorthCompacting(60, 2_499));
        Assert.True(growth.WorthCompacting(60, 2_500));
        Assert.True(growth.WorthCompacting(140, 1_500));
        growth.CompactedElsewhere(10, 1_200);
        Assert.False(growth.WorthCompacting(139, 1_500));
    }

    [Fact]
    public void AllocationCountsOnlyWhenRequestsRanSinceTheLastCompaction()
    {
        var growth = new HeapGrowth(100, allocatedThresholdBytes: 1_000);

        Assert.False(growth.WorthCompacting(0, 5_000, requestsRanSince: false));
        Assert.True(growth.WorthCompacting(0, 5_000, requestsRanSince: true));
        // Growth decides whether requests ran or not.
        Assert.True(growth.WorthCompacting(150, 0, requestsRanSince: false));
    }

    [Fact]
    public async Task BackgroundAllocationWithoutRequestsDoesNotCompact()
    {
        // No request ever runs: what the process allocates (a reload, the analytics warm-up) must not start a blocking
        // collection every idle check; growth could never decide here (1 TiB).
        var activity = new RequestActivity();
        var options = Options.Create(new MemoryOptions { IdleCompactionMegabytes = 1 << 20, IdleCompactionAllocatedMegabytes = 16, IdleCompactionAfterSeconds = 1 });
        using var compaction = new IdleHeapCompaction(activity, options, NullLogger<IdleHeapCompaction>.Instance);
        await compaction.StartAsync(CancellationToken.None);
        try
        {
            for (var round = 0; round < 35; round++)
            {
                for (var i = 0; i < 1_024; i++)
                {
                    GC.KeepAlive(new byte[4_096]);
                }

                await Task.Delay(100);
            }

            Assert.Equal(0, compaction.Compactions);
        }
        finally
        {
            await compaction.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void WithoutAnAllocationThresholdAllocationAloneNeverCompacts()
    {
        var growth = new HeapGrowth(100);

        Assert.False(growth.WorthCompacting(0, long.MaxValue));
        Assert.False(new HeapGrowth(0, allocatedThresholdBytes: 1).WorthCompacting(0, long.MaxValue));
    }

    [Fact]
    public async Task AnIdleServerCompactsAfterABurstThatAllocatedEnoughThoughItsHeapDidNotGrow()
    {
        var activity = new RequestActivity();
        // Growth could never decide (1 TiB); only what the burst allocated can.
        var options = Options.Create(new MemoryOptions { IdleCompactionMegabytes = 1 << 20, IdleCompactionAllocatedMegabytes = 16, IdleCompactionAfterSeconds = 1 });
        using var compaction = new IdleHeapCompaction(activity, options, NullLogger<IdleHeapCompaction>.Instance);
        await compaction.StartAsync(CancellationToken.None);
        try
        {
            // Busy: three checks pass while 64 MiB of small garbage (what a gen0 collection takes: allocated, never held)
            // is made, and none compacts.
            activity.Begin();
            for (var i = 0; i < 16_384; i++)
            {
                GC.KeepAlive(new byte[4_096]);
            }

            await Task.Delay(TimeSpan.FromSeconds(3.5));
            Assert.Equal(0, compaction.Compactions);

            activity.End();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (compaction.Compactions == 0 && DateTime.UtcNow < deadline)
            {
                // Allocation is counted from the process's last compaction, and another host in this test process may
                // have compacted a moment ago: keep allocating small garbage until this one compacts.
                for (var i = 0; i < 1_024; i++)
                {
                    GC.KeepAlive(new byte[4_096]);
                }

                await Task.Delay(100);
            }

            Assert.True(compaction.Compactions >= 1, "no compaction within 30 s");
        }
        finally
        {
            await compaction.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void AZeroThresholdNeverCompacts()
    {
        var growth = new HeapGrowth(0);

        Assert.False(growth.IsEnabled);
        Assert.False(growth.WorthCompacting(long.MaxValue));
    }

    [Fact]
    public void HeldBytesCountTheManagedHeap()
    {
        var garbage = new byte[8 << 20];
        Assert.True(HeapGrowth.HeldBytes() >= garbage.Length);
        GC.KeepAlive(garbage);
    }

    [Fact]
    public async Task IdleForIsZeroWhileARequestRunsAndGrowsOnceNoneDoes()
    {
        var activity = new RequestActivity();
        activity.Begin();
        await Task.Delay(50);
        Assert.Equal(TimeSpan.Zero, activity.IdleFor);

        activity.End();
        await Task.Delay(100);
        Assert.True(activity.IdleFor >= TimeSpan.FromMilliseconds(50), $"idle for {activity.IdleFor}");
    }

    [Fact]
    public async Task ItCompactsOnlyOnceNoRequestHasBeenInFlightForTheIdlePeriod()
    {
        var activity = new RequestActivity();
        var options = Options.Create(new MemoryOptions { IdleCompactionMegabytes = 1, IdleCompactionAfterSeconds = 1 });
        using var compaction = new IdleHeapCompaction(activity, options, NullLogger<IdleHeapCompaction>.Instance);
        activity.Begin();
        await compaction.StartAsync(CancellationToken.None);
        try
        {
            // Busy: three checks pass (one a second) and none compacts, though the heap is far above the 1 MB threshold.
            await Task.Delay(TimeSpan.FromSeconds(3.5));
            Assert.Equal(0, compaction.Compactions);

            activity.End();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (compaction.Compactions == 0 && DateTime.UtcNow < deadline)
            {
                // Growth is counted from what the process's last compaction left, and another host in this test process
                // may have compacted a moment ago: large-object garbage (kept until a full collection) grows the heap
                // past the threshold whatever the rest of the suite is doing.
                GC.KeepAlive(new byte[2 << 20]);
                await Task.Delay(100);
            }

            Assert.Equal(1, compaction.Compactions);
        }
        finally
        {
            await compaction.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task NativeMemoryIsReleasedOnceAfterEachBurstAndNeverWhileARequestRuns()
    {
        var activity = new RequestActivity();
        var store = new CountingStore();
        var native = new IdleNativeMemory(() => store, NullLogger<IdleNativeMemory>.Instance);
        var options = Options.Create(new MemoryOptions { IdleCompactionMegabytes = 0, IdleCompactionAfterSeconds = 1 });
        using var service = new IdleHeapCompaction(activity, options, NullLogger<IdleHeapCompaction>.Instance, native);
        await service.StartAsync(CancellationToken.None);
        try
        {
            // No request has run yet: nothing was grown, nothing is released.
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            Assert.Equal(0, store.Releases);

            // In flight: checks pass and none releases.
            activity.Begin();
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            Assert.Equal(0, store.Releases);

            activity.End();
            // The release counts itself last (after the store and the trim), so wait for that count.
            await WaitForAsync(() => native.Releases == 1);
            Assert.Equal(1, store.Releases);

            // Idle on: once per burst, not once per check.
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            Assert.Equal(1, store.Releases);

            activity.Begin();
            activity.End();
            await WaitForAsync(() => native.Releases == 2);
            Assert.Equal(2, store.Releases);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task NativeMemoryIsKeptWhenItsReleaseIsOff()
    {
        var activity = new RequestActivity();
        var store = new CountingStore();
        var native = new IdleNativeMemory(() => store, NullLogger<IdleNativeMemory>.Instance);
        var options = Options.Create(new MemoryOptions { IdleCompactionMegabytes = 0, IdleCompactionAfterSeconds = 1, IdleNativeRelease = false });
        using var service = new IdleHeapCompaction(activity, options, NullLogger<IdleHeapCompaction>.Instance, native);
        await service.StartAsync(CancellationToken.None);
        try
        {
            activity.Begin();
            activity.End();
            await Task.Delay(TimeSpan.FromSeconds(3.5));
            Assert.Equal(0, store.Releases);
            Assert.Equal(0, native.Releases);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void MallocTrimIsFoundOnLinux()
    {
        // The test machines and the container image are glibc Linux: there the call must resolve, or the release of
        // native memory silently does half its work.
        GlibcHeap.TryTrim();
        Assert.Equal(OperatingSystem.IsLinux(), GlibcHeap.IsAvailable);
    }

    [Fact]
    public async Task TheMallocArenaLimitIsSetAtStartUnlessTheEnvironmentSetsOne()
    {
        // The test machines are glibc Linux: mallopt(M_ARENA_MAX) must be accepted there (it returns 1), or the limit
        // silently does nothing. The value set is the one the server would use; nothing else in the test process depends on it.
        var environmentSetsIt = Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null;
        var limited = new MallocArenaLimit(Options.Create(new MemoryOptions()), NullLogger<MallocArenaLimit>.Instance);
        await limited.StartAsync(default);
        Assert.Equal(OperatingSystem.IsLinux() && !environmentSetsIt, limited.Applied);

        var off = new MallocArenaLimit(Options.Create(new MemoryOptions { MallocArenaMax = 0 }), NullLogger<MallocArenaLimit>.Instance);
        await off.StartAsync(default);
        Assert.False(off.Applied);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "not within 30 s");
    }

    private sealed class CountingStore : TradeGraph.Core.Storage.IReleasesIdleMemory
    {
        private int _releases;

        public int Releases => Volatile.Read(ref _releases);

        public int ReleaseIdleMemory()
        {
            Interlocked.Increment(ref _releases);
            return 1;
        }
    }
}
