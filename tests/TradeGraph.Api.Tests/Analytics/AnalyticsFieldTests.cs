using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using TradeGraph.Api.Analytics;
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
        var data = await _client.QueryAsync("""{ centrality(algorithm: PAGE_RANK, kinds: ["Official", "Meeting"], first: 50) { totalCount nodes { score rank node { ... on Entity { key } } } } }""");

        var scores = data["centrality"]!["nodes"]!.AsArray();
        Assert.Equal(scores.Count, data["centrality"]!["totalCount"]!.GetValue<int>());
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
    public async Task AViaPathReadsTheSameFromVariablesAndAnUnknownStepTypeIsRefused()
    {
        const string Query = """
            query($via: [NeighbourStepInput!]) {
              similarEntities(key: "united-states", via: $via) { score node { ... on Entity { key } } }
            }
            """;

        var data = await _client.QueryAsync(Query, new { via = new object[] { new { relationshipType = "HAS_PARTY", direction = "INCOMING" }, new { relationshipType = "DISCUSSES" } } });

        var similar = Assert.Single(data["similarEntities"]!.AsArray())!;
        Assert.Equal(("china", 1.0), (similar["node"]!["key"]!.GetValue<string>(), similar["score"]!.GetValue<double>()));
        Assert.Equal(["INVALID_ARGUMENT"], await _client.ErrorCodesAsync(Query, new { via = new object[] { new { relationshipType = "ORBITS" } } }));
        Assert.Equal(["INVALID_ARGUMENT"], await _client.ErrorCodesAsync(Query, new { via = (object?)null }));
        Assert.Equal(["INVALID_ARGUMENT"], await _client.ErrorCodesAsync(
            """{ coOccurrences(kind: "Official", via: [{ relationshipType: "PARTICIPATES_IN" }, { relationshipType: "ORBITS", direction: BOTH }]) { first { id } } }"""));
    }

    [Fact]
    public async Task AnalyticsCostCountsAndBadArgumentsAreCodedErrors()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { query = "{ centrality(algorithm: DEGREE) { nodes { score } } }" }),
        };
        request.Headers.Add("GraphQL-Cost", "report");
        using var response = await _client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.True(body["extensions"]!["operationCost"]!["fieldCost"]!.GetValue<double>() >= 1000);
        Assert.Equal(["INVALID_ARGUMENT"], await _client.ErrorCodesAsync("""{ centrality(algorithm: DEGREE, kinds: ["Planet"]) { nodes { score } } }"""));
        Assert.Equal(["INVALID_ARGUMENT"], await _client.ErrorCodesAsync("""{ kShortestPaths(from: "a", to: "b", k: 99) { length } }"""));
        Assert.Equal(["PAGE_SIZE_EXCEEDED"], await _client.ErrorCodesAsync("""{ centrality(algorithm: DEGREE, first: 51) { nodes { score } } }"""));
        Assert.Equal(["INVALID_CURSOR"], await _client.ErrorCodesAsync("""{ centrality(algorithm: DEGREE, after: "nope") { nodes { score } } }"""));
    }

    [Fact]
    public async Task ANeighbourhoodPagesByCursorThroughEveryNeighbourOnceWithTheCentreOnEachPage()
    {
        const string Query = """
            query($after: String) { neighbourhood(key: "united-states", hops: 2, first: 9, after: $after) {
              truncated endCursor nodes { distance node { ... on Entity { key } } } relationships { from { id } to { id } } } }
            """;
        var all = (await _client.QueryAsync("""{ neighbourhood(key: "united-states", hops: 2, first: 500) { truncated endCursor nodes { node { ... on Entity { key } } } } }"""))["neighbourhood"]!;
        Assert.False(all["truncated"]!.GetValue<bool>());
        Assert.Null(all["endCursor"]);
        var expected = all["nodes"]!.AsArray().Skip(1).Select(n => n!["node"]!["key"]!.GetValue<string>()).ToList();
        Assert.True(expected.Count > 20, $"The test needs a centre with more neighbours than a few pages; it has {expected.Count}.");

        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = (await _client.QueryAsync(Query, new { after }))["neighbourhood"]!;
            var nodes = page["nodes"]!.AsArray();
            Assert.Equal("united-states", nodes[0]!["node"]!["key"]!.GetValue<string>());
            Assert.Equal(0, nodes[0]!["distance"]!.GetValue<int>());
            Assert.True(nodes.Count <= 9);
            seen.AddRange(nodes.Skip(1).Select(n => n!["node"]!["key"]!.GetValue<string>()));
            after = page["endCursor"]?.GetValue<string>();
            Assert.Equal(after is not null, page["truncated"]!.GetValue<bool>());
            pages++;
        }
        while (after is not null);

        Assert.Equal(expected, seen);
        Assert.True(pages >= 3);
        Assert.Equal(["INVALID_CURSOR"], await _client.ErrorCodesAsync("""{ neighbourhood(key: "united-states", after: "nope") { truncated } }"""));
        var rankingCursor = (await _client.QueryAsync("""{ centrality(algorithm: DEGREE, first: 1) { pageInfo { endCursor } } }"""))["centrality"]!["pageInfo"]!["endCursor"]!.GetValue<string>();
        Assert.Equal(["INVALID_CURSOR"], await _client.ErrorCodesAsync("query($after: String) { neighbourhood(key: \"united-states\", after: $after) { truncated } }", new { after = rankingCursor }));
    }

    [Fact]
    public async Task ARankingPagesForwardAndBackwardThroughEveryEntityOnceInOrder()
    {
        var all = await _client.QueryAsync("""{ centrality(algorithm: DEGREE, first: 50) { totalCount nodes { node { id } } } }""");
        var expected = all["centrality"]!["nodes"]!.AsArray().Select(n => n!["node"]!["id"]!.GetValue<string>()).ToList();
        var total = all["centrality"]!["totalCount"]!.GetValue<int>();

        var forward = new List<string>();
        string? after = null;
        for (var hasNext = true; hasNext;)
        {
            var page = (await _client.QueryAsync("query($after: String) { centrality(algorithm: DEGREE, first: 7, after: $after) { edges { cursor node { node { id } } } pageInfo { hasNextPage endCursor } } }",
                new { after }))["centrality"]!;
            forward.AddRange(page["edges"]!.AsArray().Select(e => e!["node"]!["node"]!["id"]!.GetValue<string>()));
            hasNext = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>();
            after = page["pageInfo"]!["endCursor"]?.GetValue<string>();
        }

        var backward = new List<string>();
        string? before = null;
        for (var hasPrevious = true; hasPrevious;)
        {
            var page = (await _client.QueryAsync("query($before: String) { centrality(algorithm: DEGREE, last: 5, before: $before) { nodes { node { id } } pageInfo { hasPreviousPage startCursor } } }",
                new { before }))["centrality"]!;
            backward.InsertRange(0, page["nodes"]!.AsArray().Select(n => n!["node"]!["id"]!.GetValue<string>()));
            hasPrevious = page["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>();
            before = page["pageInfo"]!["startCursor"]?.GetValue<string>();
        }

        Assert.Equal(total, forward.Count);
        Assert.Equal(forward.Count, forward.Distinct().Count());
        Assert.Equal(expected, forward.Take(50));
        Assert.Equal(forward, backward);
        Assert.Equal(["INVALID_CURSOR"], await _client.ErrorCodesAsync(
            "query($after: String) { centrality(algorithm: PAGE_RANK, after: $after) { nodes { score } } }", new { after = forward.Count > 0 ? after : null }));
    }

    [Fact]
    public async Task OfficialsSortAndFilterByTheirScoresAsTheRankingsSay()
    {
        var data = await _client.QueryAsync("""
            {
              ranking: centrality(algorithm: PAGE_RANK, first: 50) { nodes { score node { __typename ... on Entity { key } } } }
              byPageRank: officials(first: 50, order: [{ pageRank: DESC }]) { nodes { key pageRank degree } }
              busy: officials(first: 50, where: { degree: { gte: 4 } }, order: [{ degree: DESC }, { name: ASC }]) { totalCount nodes { key degree } }
              quiet: officials(first: 50, where: { not: { degree: { gte: 4 } } }) { totalCount }
              all: officials { totalCount }
            }
            """);

        var ranking = data["ranking"]!["nodes"]!.AsArray()
            .Where(n => n!["node"]!["__typename"]!.GetValue<string>() == "Official")
            .Select(n => (Key: n!["node"]!["key"]!.GetValue<string>(), Score: n["score"]!.GetValue<double>())).ToList();
        var byPageRank = data["byPageRank"]!["nodes"]!.AsArray().Select(n => (Key: n!["key"]!.GetValue<string>(), Score: n["pageRank"]!.GetValue<double>())).ToList();
        Assert.NotEmpty(byPageRank);
        Assert.Equal(ranking.Take(byPageRank.Count), byPageRank);

        var busy = data["busy"]!["nodes"]!.AsArray().Select(n => n!["degree"]!.GetValue<double>()).ToList();
        Assert.NotEmpty(busy);
        Assert.All(busy, d => Assert.True(d >= 4));
        Assert.Equal(busy.OrderDescending(), busy);
        Assert.Equal(data["all"]!["totalCount"]!.GetValue<int>(), data["busy"]!["totalCount"]!.GetValue<int>() + data["quiet"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task NestedConnectionsSortByScoreAndPageWithCursors()
    {
        var data = await _client.QueryAsync("""
            { meetings(where: { key: { eq: "kuala-lumpur-trade-talks" } }) { nodes { participants(order: [{ pageRank: ASC }]) { nodes { key pageRank } } } } }
            """);
        var participants = data["meetings"]!["nodes"]![0]!["participants"]!["nodes"]!.AsArray().Select(n => n!["pageRank"]!.GetValue<double>()).ToList();
        Assert.True(participants.Count >= 2);
        Assert.Equal(participants.Order(), participants);

        var first = await _client.QueryAsync("""{ officials(first: 2, order: [{ betweenness: DESC }]) { nodes { key } pageInfo { endCursor } } }""");
        var next = await _client.QueryAsync("query($after: String) { officials(first: 2, after: $after, order: [{ betweenness: DESC }]) { nodes { key } } }",
            new { after = first["officials"]!["pageInfo"]!["endCursor"]!.GetValue<string>() });
        var both = await _client.QueryAsync("""{ officials(first: 4, order: [{ betweenness: DESC }]) { nodes { key } } }""");
        Assert.Equal(Keys(both["officials"]!["nodes"]), Keys(first["officials"]!["nodes"]).Concat(Keys(next["officials"]!["nodes"])));
    }
}

/// <summary>Analytics follow the graph: a write is seen once the snapshot has caught up with it (own application: it writes).</summary>
public sealed class AnalyticsRefreshTests(TradeGraphApplication application) : IClassFixture<TradeGraphApplication>
{
    private readonly HttpClient _client = application.CreateClient();

    [Fact]
    public async Task AWriteIsSeenOnceTheAnalyticsHaveCaughtUp()
    {
        var before = await _client.QueryAsync("""{ shortestPath(from: "marco-rubio", to: "he-lifeng") { length } }""");
        using var writer = application.CreateClient().WithKey(TestKeys.Writer);
        await writer.QueryAsync("""mutation { connectParticipatesIn(input: { from: "marco-rubio", to: "kuala-lumpur-trade-talks", editorial: true }) { outcome } }""");

        // The commit moved the graph's version on before the mutation answered, and the snapshot is re-read in the
        // background (the previous one answers meanwhile): wait for it, as a client that must see its write does.
        await application.Services.GetRequiredService<AnalyticsService>().CaughtUpAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
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

        var response = await client.PostAsync("{ centrality(algorithm: DEGREE) { nodes { score } } }");

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
