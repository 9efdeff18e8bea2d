using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using TradeGraph.Api.Analytics;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Tests.Hostile;

/// <summary>
/// Review H7 and L2: analytics requests that grew the caches without bound, built uncancellable projections, or threw
/// deep inside an algorithm. Each is now refused with INVALID_ARGUMENT before anything is built, or kept within the
/// cache budget. Own application (small windowed budget; one test writes).
/// </summary>
[Collection(ProcessMemoryCollection.Name)]
public sealed class AnalyticsHostileTests(AnalyticsHostileTests.SmallBudgetApplication application) : IClassFixture<AnalyticsHostileTests.SmallBudgetApplication>
{
    // Bytes, by the entries' own estimates: a few of the seed graph's windowed projections and their results.
    private const long WindowedBudget = 60_000;

    private readonly HttpClient _client = application.CreateClient();

    private AnalyticsService Service => application.Services.GetRequiredService<AnalyticsService>();

    [Fact]
    public async Task TheReviewsAliasedShortestPathsWithDistinctHugeWeightPropertiesAreRefusedAndKeepNothing()
    {
        // The review's shape: 19 aliased shortestPath fields, each weighing by a distinct 45 KB name (857 KB of body).
        var fields = Enumerable.Range(0, 19).Select(i => $"p{i}: shortestPath(from: \"marco-rubio\", to: \"xi-jinping\", weightProperty: $w{i}) {{ length }}");
        var query = $"query({string.Join(", ", Enumerable.Range(0, 19).Select(i => $"$w{i}: String"))}) {{ {string.Join(" ", fields)} }}";
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var cachedBefore = (Service.WholeCache.Count, Service.WindowedOrWeightedCache.Count);

        for (var request = 0; request < 30; request++)
        {
            var variables = Enumerable.Range(0, 19).ToDictionary(i => $"w{i}", i => (object)$"{request}-{i}-{new string('x', 45_000)}");
            var response = await _client.PostAsync(query, variables);

            var errors = response["errors"]!.AsArray();
            Assert.Equal(19, errors.Count);
            Assert.All(errors, e => Assert.Equal(ErrorCodes.InvalidArgument, e!["extensions"]!["code"]!.GetValue<string>()));
            Assert.All(errors, e => Assert.True(e!["message"]!.GetValue<string>().Length < 500, "The message echoes the whole name."));
        }

        // Structurally, nothing was built or kept; and the process did not keep the ~5 MB a request it used to.
        Assert.Equal(cachedBefore, (Service.WholeCache.Count, Service.WindowedOrWeightedCache.Count));
        Assert.Equal(0, Service.WindowedOrWeightedCache.Running);
        var grown = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.True(grown < 60_000_000, $"The process kept {grown:N0} bytes.");
    }

    [Fact]
    public async Task ManyDistinctDateWindowsStayWithinTheWindowedBudgetAndLeaveTheWholeGraphEntriesAlone()
    {
        await _client.QueryAsync("{ officials(first: 3, order: [{ pageRank: DESC }]) { nodes { key } } }");
        var wholeBefore = Service.WholeCache.Count;
        Assert.True(wholeBefore > 0);

        for (var request = 0; request < 30; request++)
        {
            var fields = Enumerable.Range(0, 9).Select(i =>
            {
                var from = new DateOnly(2024, 1, 1).AddDays((request * 9) + i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                return i % 2 == 0
                    ? $"c{i}: communities(algorithm: WEAKLY_CONNECTED_COMPONENTS, from: \"{from}\", until: \"2026-12-31\") {{ count }}"
                    : $"r{i}: centrality(algorithm: DEGREE, from: \"{from}\", until: \"2026-12-31\", first: 1) {{ totalCount }}";
            });
            await _client.QueryAsync("{ " + string.Join(" ", fields) + " }");
            Assert.True(Service.WindowedOrWeightedCache.Size <= WindowedBudget, $"{Service.WindowedOrWeightedCache.Size} > {WindowedBudget}");
        }

        Assert.InRange(Service.WindowedOrWeightedCache.Count, 1, (int)(WindowedBudget / AnalyticsCache.EntryOverhead));
        Assert.Equal(0, Service.WindowedOrWeightedCache.Running);
        Assert.True(Service.WholeCache.Count >= wholeBefore, "A window pushed a whole-graph entry out.");
    }

    [Theory]
    [InlineData("""{ shortestPath(from: "marco-rubio", to: "xi-jinping", weightProperty: "role") { length } }""", "`weightProperty`: 'role'")]
    [InlineData("""{ kShortestPaths(from: "marco-rubio", to: "xi-jinping", k: 2, weightProperty: "nonsense") { length } }""", "`weightProperty`: 'nonsense'")]
    [InlineData("""{ shortestPath(from: "marco-rubio", to: "xi-jinping", weightProperty: "order", relationshipTypes: ["PARTICIPATES_IN"]) { length } }""", "none of them has one")]
    [InlineData("""{ communities(algorithm: LOUVAIN, from: "2026-01-01", until: "2025-01-01") { count } }""", "`from` (2026-01-01) is after `until` (2025-01-01)")]
    [InlineData("""{ centrality(algorithm: PAGE_RANK, from: "2026-01-01", until: "2025-01-01") { totalCount } }""", "`from` (2026-01-01)")]
    [InlineData("""{ officials(first: 1) { nodes { community(from: "2026-01-01", until: "2025-01-01") { id } } } }""", "`from`")]
    [InlineData("""{ centrality(algorithm: DEGREE, kinds: ["Planet"]) { totalCount } }""", "`kinds`: 'Planet'")]
    [InlineData("""{ communities(algorithm: LOUVAIN, relationshipTypes: ["ORBITS"]) { count } }""", "`relationshipTypes`: 'ORBITS'")]
    [InlineData("""{ neighbourhood(key: "xi-jinping", relationshipTypes: ["ORBITS"]) { truncated } }""", "`relationshipTypes`")]
    [InlineData("""{ neighbourhood(key: "xi-jinping", kinds: ["Planet"]) { truncated } }""", "`kinds`")]
    [InlineData("""{ shortestPath(from: "marco-rubio", to: "xi-jinping", maxHops: -1) { length } }""", "`maxHops`")]
    public async Task ArgumentsTheModelCannotServeAreInvalidArgumentNamingThem(string query, string message)
    {
        var response = await _client.PostAsync(query);

        var errors = response["errors"]!.AsArray();
        Assert.All(errors, e => Assert.Equal(ErrorCodes.InvalidArgument, e!["extensions"]!["code"]!.GetValue<string>()));
        Assert.Contains(message, errors[0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("Internal", response.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("""{ shortestPath(from: "marco-rubio", to: "xi-jinping", weightProperty: "order", relationshipTypes: ["REPRESENTS", "VISITS", "TRAVELS", "HAS_PARTY", "PARTICIPATES_IN"]) { length cost } }""")]
    [InlineData("""{ communities(algorithm: LOUVAIN, kinds: []) { count modularity } }""")]
    [InlineData("""{ centrality(algorithm: CLOSENESS, relationshipTypes: []) { totalCount } }""")]
    [InlineData("""{ similarEntities(key: "united-states", via: []) { score } }""")]
    [InlineData("""{ coOccurrences(kind: "Official", via: []) { shared { id } } }""")]
    [InlineData("""{ communities(algorithm: LOUVAIN, from: "2025-10-26", until: "2025-10-26") { count } }""")]
    [InlineData("""{ kShortestPaths(from: "marco-rubio", to: "xi-jinping", k: 20, maxHops: 0) { length } }""")]
    public async Task EdgeCasesTheModelAllowsAreAnswered(string query)
    {
        await _client.QueryAsync(query);
    }

    [Fact]
    public async Task AfterAWriteTheOlderSnapshotsEntriesGoOnceTheNewOneIsServed()
    {
        await _client.QueryAsync("""
            {
              shortestPath(from: "marco-rubio", to: "xi-jinping") { length }
              centrality(algorithm: DEGREE, first: 1) { totalCount }
              communities(algorithm: WEAKLY_CONNECTED_COMPONENTS, from: "2025-01-01") { count }
            }
            """);
        var older = Service.Snapshot!;
        Assert.Contains(older.Id, Service.WholeCache.Generations);
        Assert.True(Service.WindowedOrWeightedCache.Count > 0);

        using var writer = application.CreateClient().WithKey(TestKeys.Writer);
        await writer.QueryAsync("""mutation { upsertOfficial(input: { key: "hostile-analytics-envoy", name: "Hostile Analytics Envoy", editorial: true }) { outcome } }""");
        await Service.CaughtUpAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        // Gone at once when the new snapshot is served, not when the same key happens to be asked again; only what was
        // computed ahead for the new snapshot is held.
        Assert.NotEqual(older.Id, Service.Snapshot!.Id);
        Assert.True(older.Retired.IsCancellationRequested);
        Assert.DoesNotContain(older.Id, Service.WholeCache.Generations);
        Assert.Equal(0, Service.WindowedOrWeightedCache.Count);
    }

    [Fact]
    public async Task ACallerLeavingWhileTheFirstTopologyIsReadLeavesNothingCachedAndTheReadServesTheNext()
    {
        var store = new GatedTopologyStore(application.Services.GetRequiredService<IGraphStore>());
        using var service = new AnalyticsService(store, application.Services.GetRequiredService<GraphModel>(), new GraphVersion(),
            Options.Create(new AnalyticsOptions()));
        using var caller = new CancellationTokenSource();

        var ranking = service.RankingAsync(ScoreMeasures.PageRank, AnalyticsService.EntityScoreProjection, caller.Token);
        await store.Asked.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ranking);
        Assert.Equal(0, service.WholeCache.Running);
        Assert.Equal(0, service.WholeCache.Count);

        // The read goes on for whoever asks next (one read, however many asked); the whole-graph projection is the snapshot's.
        store.Open.SetResult();
        var again = await service.RankingAsync(ScoreMeasures.PageRank, AnalyticsService.EntityScoreProjection, CancellationToken.None);
        Assert.NotEmpty(again.Scores);
        Assert.Equal(1, service.TopologyReads);
        Assert.Equal(1, service.WholeCache.Count);
    }

    [Fact]
    public async Task ABuildOverTheTimeLimitIsAnAnalyticsTimeLimitErrorAndNotCached()
    {
        var store = new GatedTopologyStore(application.Services.GetRequiredService<IGraphStore>());
        using var service = new AnalyticsService(store, application.Services.GetRequiredService<GraphModel>(), new GraphVersion(),
            Options.Create(new AnalyticsOptions { TimeLimit = TimeSpan.FromMilliseconds(200) }));

        var error = await Assert.ThrowsAsync<TradeGraphError>(() => service.RankingAsync(ScoreMeasures.Degree, ProjectionFilter.All, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(ErrorCodes.AnalyticsTimeLimit, error.Code);
        await WaitUntil(() => service.WholeCache.Running == 0);
        Assert.Equal(0, service.WholeCache.Count);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    /// <summary>A store whose topology read waits until the test opens it (and ignores cancellation, as SQLite's does).</summary>
    private sealed class GatedTopologyStore(IGraphStore inner) : DelegatingGraphStore(inner), IGraphStore
    {
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override void BeforeCall()
        {
        }

        async Task<GraphTopology> IGraphStore.ReadTopologyAsync(CancellationToken cancellationToken)
        {
            Asked.TrySetResult();
            await Open.Task;
            return GraphTopology.From(await ExportAsync(CancellationToken.None), CancellationToken.None);
        }
    }

    public sealed class SmallBudgetApplication : TradeGraphApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Analytics:WindowedOrWeightedCacheBudgetBytes", WindowedBudget.ToString(CultureInfo.InvariantCulture));
        }
    }
}
