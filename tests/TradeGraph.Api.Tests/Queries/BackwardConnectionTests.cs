using System.Text.Json.Nodes;
using TradeGraph.Api.Semantic;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Queries;

/// <summary>
/// last / before on searchEntities (every mode) and Source.supports, as on every other connection (Hot Chocolate's
/// paging): walked back from the end they give the forward walk's items and cursors in reverse; last alone is the final
/// items in order; before the first item is empty; a bad cursor is INVALID_CURSOR with HC0078; first with last is refused.
/// </summary>
[Collection(ApplicationCollection.Name)]
public sealed class BackwardConnectionTests(TradeGraphApplication application)
{
    private const string Report = "report-2025-10-23-us-china-kl-talks";

    private const string Search = """
        query ($mode: SearchMode, $first: Int, $after: String, $last: Int, $before: String) {
          searchEntities(text: "trade", mode: $mode, first: $first, after: $after, last: $last, before: $before) {
            totalCount
            edges { cursor node { score node { key } } }
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          }
        }
        """;

    private const string Supports = $$"""
        query ($first: Int, $after: String, $last: Int, $before: String) {
          sources(where: { key: { eq: "{{Report}}" } }) {
            nodes {
              supports(first: $first, after: $after, last: $last, before: $before) {
                edges { cursor node { locator node { id } relationship { type } } }
                pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              }
            }
          }
        }
        """;

    private readonly HttpClient _client = application.CreateClient();

    [Theory]
    [InlineData("TEXT")]
    [InlineData("SEMANTIC")]
    [InlineData("HYBRID")]
    public async Task SearchEntitiesPagesBackTheWayItPagesForward(string mode)
    {
        await application.Services.GetRequiredService<EmbeddingMaintenance>().Backfilled.WaitAsync(TimeSpan.FromMinutes(1));

        var walked = await AssertBothWaysAgreeAsync(async page => (await _client.QueryAsync(Search, Variables(page, mode)))["searchEntities"]!, size: 4);

        var forwardTotal = (await _client.QueryAsync(Search, new { mode, first = 2 }))["searchEntities"]!["totalCount"];
        var backwardTotal = (await _client.QueryAsync(Search, new { mode, last = 2 }))["searchEntities"]!["totalCount"];
        Assert.Equal(forwardTotal?.ToJsonString(), backwardTotal?.ToJsonString());
        if (mode != "TEXT")
        {
            Assert.Equal(walked, forwardTotal!.GetValue<int>());
        }
    }

    [Fact]
    public async Task SupportsPagesBackTheWayItPagesForward()
    {
        var walked = await AssertBothWaysAgreeAsync(
            async page => (await _client.QueryAsync(Supports, Variables(page)))["sources"]!["nodes"]![0]!["supports"]!, size: 6);

        Assert.True(walked > 6);
    }

    [Theory]
    [InlineData(Search)]
    [InlineData(Supports)]
    public async Task ABadBeforeCursorIsInvalidCursorWithHotChocolatesCode(string query)
    {
        var response = await _client.PostAsync(query, new { last = 2, before = "bm90LWEtY3Vyc29y" });

        var error = response["errors"]![0]!["extensions"]!;
        Assert.Equal("INVALID_CURSOR", error["code"]!.GetValue<string>());
        Assert.Contains("HC0078", error["codes"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Theory]
    [InlineData(Search)]
    [InlineData(Supports)]
    public async Task FirstWithLastIsRefusedAsOnEveryConnection(string query)
    {
        Assert.Equal(["INVALID_PAGING_ARGUMENTS"], await _client.ErrorCodesAsync(query, new { first = 2, last = 2 }));
        Assert.Contains("PAGE_SIZE_EXCEEDED", await _client.ErrorCodesAsync(query, new { last = 51 }));
        Assert.Contains("INVALID_PAGING_ARGUMENTS", await _client.ErrorCodesAsync(query, new { last = -1 }));
    }

    private static object Variables((int? First, string? After, int? Last, string? Before) page, string? mode = null) => mode is null
        ? new { first = page.First, after = page.After, last = page.Last, before = page.Before }
        : new { mode, first = page.First, after = page.After, last = page.Last, before = page.Before };

    /// <summary>Walks the connection both ways and checks each promise; returns how many items it holds.</summary>
    private static async Task<int> AssertBothWaysAgreeAsync(Func<(int? First, string? After, int? Last, string? Before), Task<JsonNode>> read, int size)
    {
        var forward = new List<string>();
        var page = await read((size, null, null, null));
        Assert.False(Flag(page, "hasPreviousPage"));
        forward.AddRange(Cursors(page));
        while (Flag(page, "hasNextPage"))
        {
            page = await read((size, forward[^1], null, null));
            forward.AddRange(Cursors(page));
        }

        var backward = new List<string>();
        page = await read((null, null, size, null));
        Assert.False(Flag(page, "hasNextPage"));
        var final = Edges(page);
        backward.InsertRange(0, Cursors(page));
        while (Flag(page, "hasPreviousPage"))
        {
            page = await read((null, null, size, backward[0]));
            Assert.True(Flag(page, "hasNextPage"));
            Assert.Equal(Cursors(page).FirstOrDefault(), page["pageInfo"]!["startCursor"]?.GetValue<string>());
            backward.InsertRange(0, Cursors(page));
        }

        Assert.True(forward.Count > size, $"too few items ({forward.Count}) to page through");
        Assert.Equal(forward, backward);
        Assert.Equal(forward[^size..], final.Select(e => e["cursor"]!.GetValue<string>()));

        var beforeStart = await read((null, null, size, forward[0]));
        Assert.Empty(Edges(beforeStart));
        Assert.False(Flag(beforeStart, "hasPreviousPage"));
        Assert.Null(beforeStart["pageInfo"]!["startCursor"]);
        return forward.Count;
    }

    private static List<JsonNode> Edges(JsonNode connection) => [.. connection["edges"]!.AsArray().Select(e => e!)];

    private static IEnumerable<string> Cursors(JsonNode connection) => Edges(connection).Select(e => e["cursor"]!.GetValue<string>());

    private static bool Flag(JsonNode connection, string name) => connection["pageInfo"]![name]!.GetValue<bool>();
}
