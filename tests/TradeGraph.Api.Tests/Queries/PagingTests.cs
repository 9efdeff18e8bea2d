using System.Text.Json.Nodes;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Queries;

/// <summary>Relay paging on root and nested connections: cursors, flags, limits and clear errors.</summary>
[Collection(ApplicationCollection.Name)]
public sealed class PagingTests(TradeGraphApplication application)
{
    private const string CountriesPage = """
        query ($first: Int, $after: String, $last: Int, $before: String) {
          countries(first: $first, after: $after, last: $last, before: $before) {
            totalCount
            edges { cursor node { key } }
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          }
        }
        """;

    private readonly HttpClient _client = application.CreateClient();

    [Fact]
    public async Task WalkingForwardThenBackwardVisitsEveryItemOnceInKeyOrder()
    {
        var all = Keys(await Page(first: 50));
        var forward = new List<string>();
        string? after = null;
        bool hasNext;
        do
        {
            var page = await Page(first: 3, after: after);
            forward.AddRange(Keys(page));
            var info = page["pageInfo"]!;
            hasNext = info["hasNextPage"]!.GetValue<bool>();
            Assert.Equal(after is not null, info["hasPreviousPage"]!.GetValue<bool>());
            after = info["endCursor"]?.GetValue<string>();
        }
        while (hasNext);

        var backward = new List<string>();
        string? before = null;
        bool hasPrevious;
        do
        {
            var page = await Page(last: 3, before: before);
            backward.InsertRange(0, Keys(page));
            var info = page["pageInfo"]!;
            hasPrevious = info["hasPreviousPage"]!.GetValue<bool>();
            Assert.Equal(before is not null, info["hasNextPage"]!.GetValue<bool>());
            before = info["startCursor"]?.GetValue<string>();
        }
        while (hasPrevious);

        Assert.Equal(8, all.Count);
        Assert.Equal(all.Order(StringComparer.Ordinal), all);
        Assert.Equal(all, forward);
        Assert.Equal(all, backward);
    }

    [Fact]
    public async Task DefaultPageIsTenAndTotalCountCountsAll()
    {
        var data = await _client.QueryAsync("{ relationships: trips { totalCount } countries { totalCount nodes { key } pageInfo { hasNextPage } } }");

        Assert.Equal(8, data["countries"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(8, data["countries"]!["nodes"]!.AsArray().Count);
        Assert.False(data["countries"]!["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task NestedConnectionsPagePerParent()
    {
        var data = await _client.QueryAsync("""
            { countries(first: 50) { nodes { key officials(first: 1) { totalCount nodes { key } pageInfo { hasNextPage endCursor } } } } }
            """);
        var unitedStates = data["countries"]!["nodes"]!.AsArray().Single(n => n!["key"]!.GetValue<string>() == "united-states")!["officials"]!;
        var next = await _client.QueryAsync("""
            query ($after: String) { countries(first: 50) { nodes { key officials(first: 50, after: $after) { nodes { key } pageInfo { hasPreviousPage } } } } }
            """, new { after = unitedStates["pageInfo"]!["endCursor"]!.GetValue<string>() });
        var rest = next["countries"]!["nodes"]!.AsArray().Single(n => n!["key"]!.GetValue<string>() == "united-states")!["officials"]!;

        Assert.Equal(4, unitedStates["totalCount"]!.GetValue<int>());
        Assert.Single(unitedStates["nodes"]!.AsArray());
        Assert.True(unitedStates["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Equal(3, rest["nodes"]!.AsArray().Count);
        Assert.True(rest["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("{ officials(first: 51) { totalCount } }", "PAGE_SIZE_EXCEEDED")]
    [InlineData("{ officials(last: 1000) { totalCount } }", "PAGE_SIZE_EXCEEDED")]
    [InlineData("{ countries(first: 1) { nodes { officials(first: 99) { totalCount } } } }", "PAGE_SIZE_EXCEEDED")]
    [InlineData("{ officials(first: -1) { totalCount } }", "INVALID_PAGING_ARGUMENTS")]
    [InlineData("{ officials(first: 1, last: 1) { totalCount } }", "INVALID_PAGING_ARGUMENTS")]
    [InlineData("{ officials(after: \"bm90LWEtY3Vyc29y\") { totalCount } }", "INVALID_CURSOR")]
    [InlineData("{ officials(before: \"***\") { totalCount } }", "INVALID_CURSOR")]
    [InlineData("{ search(text: \"a\", first: 500) { key } }", "PAGE_SIZE_EXCEEDED")]
    public async Task BadPagingArgumentsAreCodedErrors(string query, string code)
    {
        var codes = await _client.ErrorCodesAsync(query);

        Assert.Contains(code, codes);
    }

    private async Task<JsonNode> Page(int? first = null, string? after = null, int? last = null, string? before = null) =>
        (await _client.QueryAsync(CountriesPage, new { first, after, last, before }))["countries"]!;

    private static List<string> Keys(JsonNode page) => [.. page["edges"]!.AsArray().Select(e => e!["node"]!["key"]!.GetValue<string>())];
}
