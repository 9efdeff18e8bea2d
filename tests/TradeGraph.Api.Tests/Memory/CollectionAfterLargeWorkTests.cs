using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TradeGraph.Api.Analytics;
using TradeGraph.Api.Memory;
using TradeGraph.Api.Startup;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Api.Tests.Hostile;
using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Tests.Memory;

/// <summary>
/// The collection after large analytics work (issue 13): only over the threshold, only once no request is in flight, never
/// when turned off; a request's analytics computation reports what it allocated. In the process-memory collection: these
/// tests start full collections, which would disturb tests that measure the heap.
/// </summary>
[Collection(ProcessMemoryCollection.Name)]
public sealed class CollectionAfterLargeWorkTests(TradeGraphApplication application) : IClassFixture<TradeGraphApplication>
{
    private static CollectionAfterLargeWork Collector(RequestActivity requests, int megabytes, TimeSpan? waitForIdle = null) =>
        new(requests, Options.Create(new MemoryOptions { CollectAfterAnalyticsMegabytes = megabytes }), NullLogger<CollectionAfterLargeWork>.Instance)
        {
            WaitForIdle = waitForIdle ?? CollectionAfterLargeWork.MaxWaitForIdle,
        };

    [Fact]
    public async Task WorkUnderTheThresholdStartsNoCollection()
    {
        var collector = Collector(new RequestActivity(), megabytes: 2);

        collector.Allocated((2L << 20) - 1);
        await collector.Last.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, collector.Collections);
        Assert.False(collector.Earns((2L << 20) - 1));
        Assert.True(collector.Earns(2L << 20));
    }

    [Fact]
    public async Task TurnedOffItNeverCollects()
    {
        var collector = Collector(new RequestActivity(), megabytes: 0);

        collector.Allocated(long.MaxValue);
        await collector.Last.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, collector.Collections);
    }

    [Fact]
    public async Task TheCollectionWaitsForTheRequestsInFlightToEnd()
    {
        var requests = new RequestActivity();
        // A long wait for idle: a starved test machine must not make the collector give up before the request ends.
        var collector = Collector(requests, megabytes: 1, waitForIdle: TimeSpan.FromMinutes(1));
        var gen2Before = GC.CollectionCount(2);

        requests.Begin(); // the request that computed, still being answered
        collector.Allocated(1L << 20);
        await Task.Delay(300);
        Assert.Equal(0, collector.Collections);
        Assert.False(collector.Last.IsCompleted);

        requests.End();
        await collector.Last.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, collector.Collections);
        Assert.True(GC.CollectionCount(2) > gen2Before);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public async Task TheIdleNativeReleaseFollowsTheCollectionWhenItIsOn(bool idleNativeRelease, int releases)
    {
        var native = new IdleNativeMemory(() => null, NullLogger<IdleNativeMemory>.Instance);
        var options = new MemoryOptions { CollectAfterAnalyticsMegabytes = 1, IdleNativeRelease = idleNativeRelease };
        var collector = new CollectionAfterLargeWork(new RequestActivity(), Options.Create(options), NullLogger<CollectionAfterLargeWork>.Instance, native);

        collector.Allocated(1L << 20);
        await collector.Last.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, collector.Collections);
        Assert.Equal(releases, native.Releases);
    }

    [Fact]
    public async Task LargeWorkReportedWhileACollectionWaitsMovesTheWaitsEndOn()
    {
        var requests = new RequestActivity();
        var collector = Collector(requests, megabytes: 1, waitForIdle: TimeSpan.FromSeconds(5));

        requests.Begin();
        try
        {
            collector.Allocated(1L << 20);
            await Task.Delay(TimeSpan.FromSeconds(3));
            collector.Allocated(1L << 20); // more large work, while the first collection still waits
            await Task.Delay(TimeSpan.FromSeconds(3)); // past the first report's 5 s, within the second's
            Assert.False(collector.Last.IsCompleted);
        }
        finally
        {
            requests.End();
        }

        await collector.Last.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, collector.Collections);
    }

    [Fact]
    public async Task AServerThatStaysBusyIsLeftAlone()
    {
        var requests = new RequestActivity();
        var collector = Collector(requests, megabytes: 1, waitForIdle: TimeSpan.FromMilliseconds(200));

        requests.Begin();
        try
        {
            collector.Allocated(64L << 20);
            await collector.Last.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, collector.Collections);

            // Skipped, not stuck: the next large work may start one again.
            requests.End();
            collector.Allocated(64L << 20);
            await collector.Last.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(1, collector.Collections);
        }
        finally
        {
            if (requests.InFlight > 0)
            {
                requests.End();
            }
        }
    }

    [Fact]
    public async Task ARequestsComputationReportsWhatItAllocatedOnlyLargeWorkEarnsACollection()
    {
        var collector = Collector(new RequestActivity(), megabytes: 1);
        using var service = new AnalyticsService(application.Services.GetRequiredService<IGraphStore>(), application.Services.GetRequiredService<GraphModel>(),
            new GraphVersion(), Options.Create(new AnalyticsOptions()), afterLargeWork: collector);

        // A few bytes: no collection.
        var small = await service.RunCachedAsync("test-small", AnalyticsService.EntityScoreProjection, (_, _) => new byte[16], CancellationToken.None);
        await collector.Last.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(16, small.Length);
        Assert.Equal(0, collector.Collections);

        // Two MiB made while computing (kept or not, it was allocated): one collection after the answer.
        var large = await service.RunCachedAsync("test-large", AnalyticsService.EntityScoreProjection, (_, _) => new byte[2 << 20], CancellationToken.None);
        await collector.Last.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2 << 20, large.Length);
        Assert.Equal(1, collector.Collections);
    }

    [Fact]
    public async Task TheApplicationsAnalyticsReportToTheCollector()
    {
        var options = application.Services.GetRequiredService<IOptions<MemoryOptions>>().Value;
        var collector = application.Services.GetRequiredService<CollectionAfterLargeWork>();
        var service = application.Services.GetRequiredService<AnalyticsService>();
        var before = collector.Collections;

        // A computation through the application's own analytics service that allocates the default threshold.
        var large = await service.RunCachedAsync("test-app-large", AnalyticsService.EntityScoreProjection,
            (_, _) => new byte[options.CollectAfterAnalyticsMegabytes << 20].Length.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
        await collector.Last.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(48, options.CollectAfterAnalyticsMegabytes);
        Assert.Equal((48 << 20).ToString(CultureInfo.InvariantCulture), large);
        Assert.Equal(before + 1, collector.Collections);
    }
}
