using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using TradeGraph.Api.Analytics;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Analytics;

namespace TradeGraph.Api.Tests.Analytics;

/// <summary>
/// Issue 13 (memory): paths and scores over the whole graph share one projection whatever their direction, a weight
/// adds only its weights, and the caches charge each entry the bytes it estimates for itself.
/// </summary>
public sealed class AnalyticsMemoryTests(TradeGraphApplication application) : IClassFixture<TradeGraphApplication>
{
    private readonly HttpClient _client = application.CreateClient();

    private AnalyticsService Service => application.Services.GetRequiredService<AnalyticsService>();

    [Fact]
    public async Task DirectedAndWeightedPathsShareTheWholeGraphProjectionAndEntriesAreChargedTheirBytes()
    {
        await _client.QueryAsync("{ officials(first: 1, order: [{ pageRank: DESC }]) { nodes { key } } }");
        var whole = await Service.RunAsync(AnalyticsService.EntityScoreProjection, (p, _) => p, CancellationToken.None);
        var wholeEntries = Service.WholeCache.Count;

        // Directed paths, the neighbourhood and similarity walk the whole graph directed: no projection of their own.
        var directed = await Service.RunAsync(ProjectionFilter.All, (p, _) => p, CancellationToken.None);
        Assert.Equal(EdgeDirection.Directed, directed.Direction);
        Assert.Same(whole.Out, directed.Out);
        await _client.QueryAsync("""
            {
              shortestPath(from: "marco-rubio", to: "xi-jinping") { length }
              kShortestPaths(from: "marco-rubio", to: "xi-jinping", k: 2) { length }
              neighbourhood(key: "marco-rubio", hops: 2) { nodes { distance } }
            }
            """);
        Assert.Equal(wholeEntries, Service.WholeCache.Count);

        // A weighted path: the same arrays with its weights, charged only for them.
        var windowedSize = Service.WindowedOrWeightedCache.Size;
        var weighted = await _client.QueryAsync("""{ shortestPath(from: "marco-rubio", to: "xi-jinping", weightProperty: "occurrences") { length cost } }""");
        Assert.Equal(3, weighted["shortestPath"]!["length"]!.GetValue<int>());
        Assert.Equal(wholeEntries, Service.WholeCache.Count);
        Assert.Equal((sizeof(double) * (long)whole.RelationshipCount) + AnalyticsCache.EntryOverhead, Service.WindowedOrWeightedCache.Size - windowedSize);
        var view = await Service.RunAsync(ProjectionFilter.All with { WeightProperty = "occurrences" }, (p, _) => p, CancellationToken.None);
        Assert.Same(whole.Out, view.Out);

        // A ranking is charged its own estimate, a few words per node.
        var size = Service.WholeCache.Size;
        var ranking = await Service.RankingAsync(ScoreMeasures.Degree, AnalyticsService.EntityScoreProjection, CancellationToken.None);
        Assert.Equal(ranking.EstimatedBytes + AnalyticsCache.EntryOverhead, Service.WholeCache.Size - size);
        Assert.Equal(whole.NodeCount, ranking.Count);
    }

    [Theory]
    [InlineData("Analytics:CacheBudget", "Analytics:CacheBudgetBytes")]
    [InlineData("Analytics:WindowedOrWeightedCacheBudget", "Analytics:WindowedOrWeightedCacheBudgetBytes")]
    public void StartUpRefusesACacheBudgetByItsOldName(string oldName, string newName)
    {
        using var app = new ApplicationWith(oldName, "3000000");

        var refused = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var validation = Assert.IsType<OptionsValidationException>(refused.GetBaseException());
        Assert.Contains(validation.Failures, failure => failure.Contains(oldName, StringComparison.Ordinal) && failure.Contains(newName, StringComparison.Ordinal));
    }

    private sealed class ApplicationWith(string key, string value) : TradeGraphApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting(key, value);
        }
    }
}
