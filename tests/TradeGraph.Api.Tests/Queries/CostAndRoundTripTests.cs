using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Tests.Queries;

/// <summary>Cost limits refuse expensive operations before they run; the GraphQL-Cost header reports cost and store round trips.</summary>
public sealed class CostAndRoundTripTests : IAsyncLifetime
{
    private readonly TradeGraphApplication _application = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = _application.CreateClient();
        await AddMeetingsAsync(_application.Services.GetRequiredService<IGraphStore>(), count: 60);
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _application.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AThreeLevelQueryOverFiftyMeetingsCostsAtMostFourRoundTrips()
    {
        var response = await ReportAsync("""
            { meetings(first: 50) { nodes { name participants(first: 10) { totalCount nodes { name country { name isoCode } } } } } }
            """);

        var meetings = response["data"]!["meetings"]!["nodes"]!.AsArray();
        Assert.Equal(50, meetings.Count);
        Assert.True(meetings.Sum(m => m!["participants"]!["nodes"]!.AsArray().Count) > 100, "the meetings should have participants");
        Assert.InRange(response["extensions"]!["operationCost"]!["storeRoundTrips"]!.GetValue<int>(), 1, 4);
    }

    [Fact]
    public async Task ReportsTheCostOfAnOperation()
    {
        var response = await ReportAsync("{ officials(first: 5) { nodes { name meetings(first: 4) { nodes { name } } } } }");

        var cost = response["extensions"]!["operationCost"]!;
        // Hot Chocolate's scale: officials 10 + nodes 1 + 5 × (name 0 + meetings 10 + nodes 1 + 4 × name 0).
        Assert.Equal(66, cost["fieldCost"]!.GetValue<double>());
        // Query 1 + OfficialsConnection 1 + 5 × (Official 1 + MeetingsConnection 1 + 4 × Meeting 1).
        Assert.Equal(32, cost["typeCost"]!.GetValue<double>());
        // officials 1 + nodes 1 + 5 × (name 1 + meetings 1 + nodes 1 + 4 × name 1); officials > nodes > meetings > nodes > name.
        Assert.Equal(37, cost["resolvedFields"]!.GetValue<double>());
        Assert.Equal(5, cost["depth"]!.GetValue<int>());
    }

    [Fact]
    public async Task NoReportWithoutTheHeader()
    {
        var response = await _client.PostAsync("{ officials { totalCount } }");

        Assert.False(response.ContainsKey("extensions"));
    }

    [Theory]
    [InlineData("{ officials(first: 50) { nodes { meetings(first: 50) { nodes { participants(first: 50) { nodes { meetings(first: 50) { nodes { key } } } } } } } } }", "COST_LIMIT_EXCEEDED")]
    [InlineData("{ a0: officials { totalCount } a1: officials { totalCount } a2: officials { totalCount } a3: officials { totalCount } a4: officials { totalCount } a5: officials { totalCount } a6: officials { totalCount } a7: officials { totalCount } a8: officials { totalCount } a9: officials { totalCount } b0: officials { totalCount } b1: officials { totalCount } b2: officials { totalCount } b3: officials { totalCount } b4: officials { totalCount } b5: officials { totalCount } b6: officials { totalCount } b7: officials { totalCount } b8: officials { totalCount } b9: officials { totalCount } c0: officials { totalCount } c1: officials { totalCount } c2: officials { totalCount } c3: officials { totalCount } c4: officials { totalCount } c5: officials { totalCount } c6: officials { totalCount } c7: officials { totalCount } c8: officials { totalCount } c9: officials { totalCount } d0: officials { totalCount } d1: officials { totalCount } d2: officials { totalCount } }", "MAX_ALIASES_EXCEEDED")]
    public async Task AnOperationOverALimitIsRefusedAndCostsNothingDownstream(string query, string code)
    {
        var response = await ReportAsync(query);

        Assert.False(response.ContainsKey("data"));
        Assert.Contains(code, response["errors"]!.AsArray().Select(e => e!["extensions"]!["code"]!.GetValue<string>()));
        Assert.Equal(0, response["extensions"]!["operationCost"]!["storeRoundTrips"]!.GetValue<int>());
    }

    [Fact]
    public async Task VariablesCountTowardsTheCost()
    {
        const string Query = "query ($n: Int) { officials(first: $n) { nodes { meetings(first: $n) { nodes { participants(first: $n) { nodes { key } } } } } } }";

        var small = await ReportAsync(Query, new { n = 2 });
        var large = await ReportAsync(Query, new { n = 50 });

        Assert.True(small.ContainsKey("data"));
        Assert.Contains("COST_LIMIT_EXCEEDED", large["errors"]!.AsArray().Select(e => e!["extensions"]!["code"]!.GetValue<string>()));
    }

    private async Task<JsonObject> ReportAsync(string query, object? variables = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        request.Headers.Add("GraphQL-Cost", "report");
        using var response = await _client.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static async Task AddMeetingsAsync(IGraphStore store, int count)
    {
        var officials = (await store.ListEntitiesAsync(new("Official", new(First: 50)), CancellationToken.None)).Items.Select(i => i.Value.Key).ToList();
        var source = (await store.ListEntitiesAsync(new("Source", new(First: 1)), CancellationToken.None)).Items[0].Value.Key;
        SourceReference[] cite = [new(source, "¶1")];
        var meetings = Enumerable.Range(0, count).Select(i => new Entity("Meeting", $"extra-meeting-{i:D3}", $"Extra meeting {i}", [], null,
            new Dictionary<string, object?>(), cite)).ToList();
        var participants = meetings.SelectMany((m, i) => officials.Where((_, j) => (i + j) % 2 == 0)
            .Select(o => new Relationship("PARTICIPATES_IN", o, m.Key, new Dictionary<string, object?>(), cite))).ToList();
        await store.ImportAsync(new GraphDocument(meetings, participants), CancellationToken.None);
    }
}
