using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Analytics;

/// <summary>The analytics fields over HTTP on the seed graph (read only; see AnalyticsRefreshTests for writes).</summary>
public sealed class AnalyticsFieldTests(TradeGraphApplication application) : IClassFixture<TradeGraphApplication>
{
    private readonly HttpClient _client = application.CreateClient();

    private static IEnumerable<string> Keys(JsonNode? nodes) => nodes!.AsArray().Select(n => n!["key"]!.GetValue<string>());

    [Fact]
    public async Task RubioReachesXiInThreeHopsAndAWayThatDoesNotExistIsEmpty()
    {
        var data = await _client.QueryAsync("""
            {
              found: shortestPath(from: "marco-rubio", to: "xi-jinping") { length nodes { ... on Entity { key } } relationships { type from { id } } }
              none: shortestPath(from: "marco-rubio", to: "xi-jinping", relationshipTypes: ["LOCATED_IN"]) { length nodes { id } }
              three: kShortestPaths(from: "marco-rubio", to: "xi-jinping", k: 3) { length }
            }
            """);

        Assert.Equal(3, data["found"]!["length"]!.GetValue<int>());
        Assert.Equal(["marco-rubio", "united-states", "trump-xi-meeting", "xi-jinping"], Keys(data["found"]!["nodes"]));
        Assert.Equal(["REPRESENTS", "HAS_PARTY", "PARTICIPATES_IN"], data["found"]!["relationships"]!.AsArray().Select(r => r!["type"]!.GetValue<string>()));
        Assert.Equal(0, data["none"]!["length"]!.GetValue<int>());
        Assert.Empty(data["none"]!["nodes"]!.AsArray());
        var lengths = data["three"]!.AsArray().Select(p => p!["length"]!.GetValue<int>()).ToList();
        Assert.Equal(3, lengths.Count);
        Assert.Equal(lengths.Order(), lengths);
    }

    [Fact]
    public async Task PageRankOverOfficialsAndMeetingsPutsTheKualaLumpurTalksFirstAndSumsToOne()
    {
        var data = await _client.QueryAsync("""{ centrality(algorithm: PAGE_RANK, kinds: ["Official", "Meeting"], first: 50) { score rank node { ... on Entity { key } } } }""");

        var scores = data["centrality"]!.AsArray();
        Assert.Equal("kuala-lumpur-trade-talks", scores[0]!["node"]!["key"]!.GetValue<string>());
        Assert.Equal(1.0, scores.Sum(s => s!["score"]!.GetValue<double>()), 6);
        Assert.Equal("marco-rubio", scores[^1]!["node"]!["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task CommunitiesPartitionTheProjection()
    {
        var data = await _client.QueryAsync("""
            { communities(algorithm: LOUVAIN, kinds: ["Official", "Meeting"]) { modularity communities(first: 50) { size members(first: 50) { ... on Entity { key } } } } }
            """);

        var members = data["communities"]!["communities"]!.AsArray().SelectMany(c => Keys(c!["members"])).ToList();
        Assert.Equal(10, members.Count);
        Assert.Equal(members.Count, members.Distinct().Count());
        Assert.True(data["communities"]!["modularity"]!.GetValue<double>() > 0.3);
    }

    [Fact]
    public async Task EachEntitySaysItsCommunity()
    {
        var data = await _client.QueryAsync("""
            { officials(where: { key: { in: ["donald-trump", "xi-jinping", "he-lifeng"] } }, order: [{ name: ASC }]) { nodes { key community(kinds: ["Official", "Meeting"]) { id size } } } }
            """);

        var communities = data["officials"]!["nodes"]!.AsArray().ToDictionary(n => n!["key"]!.GetValue<string>(), n => n!["community"]!["id"]!.GetValue<int>());
        Assert.Equal(communities["donald-trump"], communities["xi-jinping"]);
        Assert.NotEqual(communities["donald-trump"], communities["he-lifeng"]);
    }

    [Fact]
    public async Task WhoMetWhomAndWhichCountriesLookAlike()
    {
        var data = await _client.QueryAsync("""
            {
              coOccurrences(kind: "Official", via: [{ relationshipType: "PARTICIPATES_IN" }]) { first { ... on Entity { key } } second { ... on Entity { key } } shared { ... on Entity { key } } }
              similarEntities(key: "united-states", via: [{ relationshipType: "HAS_PARTY", direction: INCOMING }, { relationshipType: "DISCUSSES" }]) { score node { ... on Entity { key } } }
            }
            """);

        var first = data["coOccurrences"]![0]!;
        Assert.Equal(("donald-trump", "xi-jinping"), (first["first"]!["key"]!.GetValue<string>(), first["second"]!["key"]!.GetValue<string>()));
        Assert.Equal(["asia-pacific-economic-summit", "trump-xi-meeting"], Keys(first["shared"]));
        Assert.Equal(4, data["coOccurrences"]!.AsArray().Count);
        var similar = Assert.Single(data["similarEntities"]!.AsArray())!;
        Assert.Equal(("china", 1.0), (similar["node"]!["key"]!.GetValue<string>(), similar["score"]!.GetValue<double>()));
    }

    [Fact]
    public async Task AnalyticsCostCountsAndBadArgumentsAreCodedErrors()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { query = "{ centrality(algorithm: DEGREE) { score } }" }),
        };
        request.Headers.Add("GraphQL-Cost", "report");
        using var response = await _client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.True(body["extensions"]!["operationCost"]!["fieldCost"]!.GetValue<double>() >= 1000);
        Assert.Equal(["INVALID_ARGUMENT"], await _client.ErrorCodesAsync("""{ centrality(algorithm: DEGREE, kinds: ["Planet"]) { score } }"""));
        Assert.Equal(["INVALID_ARGUMENT"], await _client.ErrorCodesAsync("""{ kShortestPaths(from: "a", to: "b", k: 99) { length } }"""));
    }
}

/// <summary>Analytics follow the graph: a write is seen by the next answer (own application: it writes).</summary>
public sealed class AnalyticsRefreshTests(TradeGraphApplication application) : IClassFixture<TradeGraphApplication>
{
    private readonly HttpClient _client = application.CreateClient();

    [Fact]
    public async Task AWriteIsSeenByTheNextAnalyticsAnswer()
    {
        var before = await _client.QueryAsync("""{ shortestPath(from: "marco-rubio", to: "he-lifeng") { length } }""");
        using var writer = application.CreateClient().WithKey(TestKeys.Writer);
        await writer.QueryAsync("""mutation { connectParticipatesIn(input: { from: "marco-rubio", to: "kuala-lumpur-trade-talks", editorial: true }) { outcome } }""");

        // The commit moved the graph's version on before the mutation answered: the cached projection is rebuilt now.
        var after = await _client.QueryAsync("""{ shortestPath(from: "marco-rubio", to: "he-lifeng") { length } }""");

        Assert.True(before["shortestPath"]!["length"]!.GetValue<int>() > 2);
        Assert.Equal(2, after["shortestPath"]!["length"]!.GetValue<int>());
    }
}

/// <summary>A projection over the configured size limit is a clear, coded error.</summary>
public sealed class ProjectionLimitTests(ProjectionLimitTests.SmallLimitApplication application) : IClassFixture<ProjectionLimitTests.SmallLimitApplication>
{
    [Fact]
    public async Task AProjectionOverTheLimitIsProjectionTooLarge()
    {
        using var client = application.CreateClient();

        var response = await client.PostAsync("{ centrality(algorithm: DEGREE) { score } }");

        var error = response["errors"]![0]!;
        Assert.Equal("PROJECTION_TOO_LARGE", error["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("limit is 20", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    public sealed class SmallLimitApplication : TradeGraphApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Analytics:MaxProjectionSize", "20");
        }
    }
}
