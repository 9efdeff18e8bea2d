using Microsoft.AspNetCore.Hosting;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Analytics;

/// <summary>
/// The analytics lists page as every connection does (GraphQL:Paging): the default page size when `first` is left
/// out, PAGE_SIZE_EXCEEDED over the maximum, and the schema says so. Here the sizes are 2 and 3 instead of 10 and 50.
/// </summary>
public sealed class AnalyticsPagingTests(AnalyticsPagingTests.SmallPagesApplication application) : IClassFixture<AnalyticsPagingTests.SmallPagesApplication>
{
    private readonly HttpClient _client = application.CreateClient();

    [Fact]
    public async Task WithoutFirstEachListHoldsTheDefaultPageSize()
    {
        var data = await _client.QueryAsync("""
            {
              centrality(algorithm: DEGREE) { nodes { score } pageInfo { hasNextPage } }
              coOccurrences(kind: "Official", via: [{ relationshipType: "PARTICIPATES_IN" }]) { shared { id } }
              communities(algorithm: WEAKLY_CONNECTED_COMPONENTS) { count communities { size members { id } } }
            }
            """);

        Assert.Equal(2, data["centrality"]!["nodes"]!.AsArray().Count);
        Assert.True(data["centrality"]!["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        // Four pairs of officials share a meeting in the seed (AnalyticsFieldTests): two of them on the default page.
        Assert.Equal(2, data["coOccurrences"]!.AsArray().Count);
        var largest = data["communities"]!["communities"]!.AsArray()[0]!;
        Assert.True(largest["size"]!.GetValue<int>() > 2);
        Assert.Equal(2, largest["members"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("""{ centrality(algorithm: DEGREE, first: 4) { nodes { score } } }""")]
    [InlineData("""{ coOccurrences(kind: "Official", via: [{ relationshipType: "PARTICIPATES_IN" }], first: 4) { shared { id } } }""")]
    [InlineData("""{ similarEntities(key: "xi-jinping", via: [{ relationshipType: "PARTICIPATES_IN" }], first: 4) { score } }""")]
    [InlineData("""{ communities(algorithm: LOUVAIN) { communities(first: 4) { size } } }""")]
    [InlineData("""{ communities(algorithm: LOUVAIN) { communities(first: 1) { members(first: 4) { id } } } }""")]
    public async Task OverTheMaximumPageSizeIsPageSizeExceeded(string query) =>
        Assert.Equal(["PAGE_SIZE_EXCEEDED"], await _client.ErrorCodesAsync(query));

    [Fact]
    public async Task TheSchemaSaysTheConfiguredSizes()
    {
        var sdl = await _client.GetStringAsync("/graphql?sdl");

        Assert.Contains("2 unless given, at most 3.", sdl, StringComparison.Ordinal);
        Assert.DoesNotContain("10 unless given, at most 50.", sdl, StringComparison.Ordinal);
    }

    public sealed class SmallPagesApplication : TradeGraphApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("GraphQL:Paging:DefaultPageSize", "2");
            builder.UseSetting("GraphQL:Paging:MaxPageSize", "3");
        }
    }
}
