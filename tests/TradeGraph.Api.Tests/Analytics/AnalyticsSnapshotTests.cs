using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using TradeGraph.Api.Analytics;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Tests.Analytics;

/// <summary>
/// Issue 13: the analytics snapshot is warmed as the server starts (a request during the warm-up joins that one read).
/// The topology read is held at a gate the test opens, so every assertion is about what was read and who waited.
/// </summary>
public sealed class AnalyticsWarmUpTests(GatedAnalyticsApplication application) : IClassFixture<GatedAnalyticsApplication>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private AnalyticsService Service => application.Services.GetRequiredService<AnalyticsService>();

    private GatedTopologyStore Store => application.Services.GetRequiredService<GatedTopologyStore>();

    [Fact]
    public async Task WarmingOnStartReadsOnceAndARequestDuringTheWarmUpJoinsItWhileOtherRequestsAreAnswered()
    {
        // The host has started (Services) with the first read held at the gate: start-up did not wait for it.
        var store = Store;
        await store.Asked.Task.WaitAsync(Patience);
        using var client = application.CreateClient();
        Assert.Null(Service.Snapshot);
        var ranked = client.QueryAsync("{ officials(first: 3, order: [{ pageRank: DESC }]) { nodes { key pageRank } } }");

        // Health and ordinary reads are answered while the topology is still being read; the ranked request waits for it.
        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.True(health.IsSuccessStatusCode);
        Assert.Equal(3, (await client.QueryAsync("{ officials(first: 3) { nodes { key } } }"))["officials"]!["nodes"]!.AsArray().Count);
        await WaitUntil(() => Service.WaitingForFirstSnapshot == 1);
        Assert.False(ranked.IsCompleted);

        store.Open();
        Assert.Equal(3, (await ranked.WaitAsync(Patience))["officials"]!["nodes"]!.AsArray().Count);

        // One read served the warm-up and the request; PageRank on the whole graph was computed ahead, with the projection.
        Assert.Equal(1, store.Reads);
        Assert.Equal(1, Service.TopologyReads);
        var whole = AnalyticsService.EntityScoreProjection with { MaxSize = Service.Options.MaxProjectionSize };
        Assert.Equal(whole, Service.Snapshot!.Whole!.Filter);
        Assert.True(Service.WholeCache.Contains(Service.Snapshot.Generation, "pagerank\n" + whole.CacheKey));
        Assert.Equal(0, Service.WaitingForFirstSnapshot);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 3000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}

/// <summary>
/// Issue 13: after writes the analytics snapshot is re-read in the background — once per burst — while the previous
/// snapshot keeps answering; requests after it is served see the writes. The topology read is held at a gate the test
/// opens, so every assertion is about what was read and which snapshot answered, never about time.
/// </summary>
public sealed class AnalyticsSnapshotTests(GatedAnalyticsApplication application) : IClassFixture<GatedAnalyticsApplication>
{
    private const string OfficialCount = """{ centrality(algorithm: DEGREE, kinds: ["Official"], first: 1) { totalCount } }""";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private AnalyticsService Service => application.Services.GetRequiredService<AnalyticsService>();

    private GatedTopologyStore Store => application.Services.GetRequiredService<GatedTopologyStore>();

    [Fact]
    public async Task AfterAWriteThePreviousSnapshotAnswersWhileTheNewOneIsReadAndLaterRequestsSeeTheWrite()
    {
        using var client = application.CreateClient();
        using var writer = application.CreateClient().WithKey(TestKeys.Writer);
        await CaughtUpAsync();
        var before = Count(await client.QueryAsync(OfficialCount));
        var served = Service.Snapshot!;
        var reads = Store.Reads;

        Store.Close();
        await writer.QueryAsync("""mutation { upsertOfficial(input: { key: "snapshot-test-envoy", name: "Snapshot Test Envoy", editorial: true }) { outcome } }""");
        await Store.Asked.Task.WaitAsync(Patience);

        // The re-read started on its own and is held: this request is answered now, from the previous snapshot.
        Assert.Equal(before, Count(await client.QueryAsync(OfficialCount)));
        Assert.Same(served, Service.Snapshot);

        Store.Open();
        await CaughtUpAsync();
        Assert.Equal(before + 1, Count(await client.QueryAsync(OfficialCount)));
        Assert.True(served.Retired.IsCancellationRequested);
        Assert.True(Service.Snapshot!.GraphVersion > served.GraphVersion);
        Assert.Equal(reads + 1, Store.Reads);
    }

    [Fact]
    public async Task ABurstOfWritesIsReadOnceOrTwiceNotOncePerWrite()
    {
        using var writer = application.CreateClient().WithKey(TestKeys.Writer);
        await CaughtUpAsync();
        var reads = Store.Reads;

        Store.Close();
        for (var i = 0; i < 10; i++)
        {
            await writer.QueryAsync($$"""mutation { upsertOfficial(input: { key: "burst-envoy-{{i}}", name: "Burst Envoy {{i}}", editorial: true }) { outcome } }""");
        }

        Store.Open();
        await CaughtUpAsync();

        // One read started by the first write (held at the gate), and at most one more for all the writes it missed.
        Assert.InRange(Store.Reads - reads, 1, 2);
        Assert.Contains("burst-envoy-9", Service.Snapshot!.Topology.EntityKeys);
    }

    [Fact]
    public async Task AFirstPageByPageRankIsTheWholeKindsPageWhenCurrentAndWhileTheSnapshotIsBehindADelete()
    {
        // The first page by the score alone is read from the ranking's best (RankedFirstPage); with a filter that keeps
        // every official, from every official ordered by the store: both must give the same edges, cursors and flags.
        const string Page = "edges { cursor node { key pageRank } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }";
        const string Both = $$"""
            {
              first: officials(first: 3, order: [{ pageRank: DESC }]) { {{Page}} }
              whole: officials(first: 3, where: { not: { key: { eq: "no-such-official" } } }, order: [{ pageRank: DESC }]) { {{Page}} }
            }
            """;
        using var client = application.CreateClient();
        using var writer = application.CreateClient().WithKey(TestKeys.Writer);
        await CaughtUpAsync();
        var current = await client.QueryAsync(Both);
        Assert.Equal(current["whole"]!.ToJsonString(), current["first"]!.ToJsonString());
        Assert.Equal(3, current["first"]!["edges"]!.AsArray().Count);
        var top = current["first"]!["edges"]![0]!["node"]!["key"]!.GetValue<string>();

        Store.Close();
        var deleted = await writer.QueryAsync($$"""mutation { deleteOfficial(input: { key: "{{top}}", detach: true }) { outcome } }""");
        Assert.Equal("DELETED", deleted["deleteOfficial"]!["outcome"]!.GetValue<string>());
        await Store.Asked.Task.WaitAsync(Patience);

        // The snapshot still has the deleted official: the page comes from the store, without it.
        var behind = await client.QueryAsync(Both);
        Assert.Equal(behind["whole"]!.ToJsonString(), behind["first"]!.ToJsonString());
        Assert.DoesNotContain(top, behind["first"]!.ToJsonString(), StringComparison.Ordinal);

        Store.Open();
        await CaughtUpAsync();
        var after = await client.QueryAsync(Both);
        Assert.Equal(after["whole"]!.ToJsonString(), after["first"]!.ToJsonString());
        Assert.DoesNotContain(top, after["first"]!.ToJsonString(), StringComparison.Ordinal);
    }

    private async Task CaughtUpAsync()
    {
        Store.Open();
        await Service.CaughtUpAsync(CancellationToken.None).WaitAsync(Patience);
    }

    private static int Count(System.Text.Json.Nodes.JsonObject data) => data["centrality"]!["totalCount"]!.GetValue<int>();
}

/// <summary>A store whose topology reads wait at a gate the test opens and closes, and are counted.</summary>
public sealed class GatedTopologyStore(IGraphStore inner) : DelegatingGraphStore(inner), IGraphStore
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _reads;

    /// <summary>Set when a read has started since the gate was last closed.</summary>
    public TaskCompletionSource Asked { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Reads => Volatile.Read(ref _reads);

    public void Open()
    {
        lock (_gate)
        {
            _open.TrySetResult();
        }
    }

    public void Close()
    {
        lock (_gate)
        {
            _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
            Asked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    protected override void BeforeCall()
    {
    }

    async Task<GraphTopology> IGraphStore.ReadTopologyAsync(CancellationToken cancellationToken)
    {
        Task open;
        lock (_gate)
        {
            Interlocked.Increment(ref _reads);
            Asked.TrySetResult();
            open = _open.Task;
        }

        await open.WaitAsync(cancellationToken);
        return GraphTopology.From(await ExportAsync(cancellationToken), cancellationToken);
    }
}

/// <summary>Warming on (the default), the topology read behind <see cref="GatedTopologyStore"/>, closed at start.</summary>
public sealed class GatedAnalyticsApplication : TradeGraphApplication
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.WrapGraphStore(inner => new GatedTopologyStore(inner)));
    }
}
