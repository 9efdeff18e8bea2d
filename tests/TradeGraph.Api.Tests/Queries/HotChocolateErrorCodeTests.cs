using System.Text.Json.Nodes;
using TradeGraph.Api.GraphQL;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Queries;

/// <summary>
/// Our descriptive code stays in <c>extensions.code</c> (and first in <c>codes</c>); Hot Chocolate's code follows it in
/// <c>extensions.codes</c>, with the extension fields Hot Chocolate puts beside it.
/// </summary>
[Collection(ApplicationCollection.Name)]
public sealed class HotChocolateErrorCodeTests(TradeGraphApplication application)
{
    private readonly HttpClient _client = application.CreateClient();

    [Fact]
    public async Task APageOverTheMaximumIsHC0051WithTheRequestedAndAllowedItems()
    {
        foreach (var query in new[] { "{ officials(first: 51) { totalCount } }", "{ officials(last: 51) { totalCount } }", "{ search(text: \"xi\", first: 51) { key } }" })
        {
            var error = await SingleErrorAsync(query);

            Assert.Equal("PAGE_SIZE_EXCEEDED", error["code"]!.GetValue<string>());
            Assert.Equal(["PAGE_SIZE_EXCEEDED", "HC0051"], Codes(error));
            Assert.Equal(51, error["requestedItems"]!.GetValue<int>());
            Assert.Equal(50, error["maxAllowedItems"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task ANegativePageSizeIsHC0079()
    {
        var error = await SingleErrorAsync("{ officials(first: -1) { totalCount } }");

        Assert.Equal(["INVALID_PAGING_ARGUMENTS", "HC0079"], Codes(error));
        // Passing both first and last is ours alone: Hot Chocolate has no code for it.
        Assert.Equal(["INVALID_PAGING_ARGUMENTS"], Codes(await SingleErrorAsync("{ officials(first: 1, last: 1) { totalCount } }")));
    }

    [Fact]
    public async Task ABadCursorIsHC0078WhetherMalformedOrMadeForAnotherOrder()
    {
        Assert.Equal(["INVALID_CURSOR", "HC0078"], Codes(await SingleErrorAsync("""{ officials(after: "nope") { totalCount } }""")));

        var cursor = (await _client.QueryAsync("{ officials(order: [{ name: ASC }], first: 1) { pageInfo { endCursor } } }"))
            ["officials"]!["pageInfo"]!["endCursor"]!.GetValue<string>();
        var refused = await SingleErrorAsync("query ($after: String) { officials(order: [{ title: DESC }], after: $after) { nodes { key } } }", new { after = cursor });

        Assert.Equal("INVALID_CURSOR", refused["code"]!.GetValue<string>());
        Assert.Contains("HC0078", Codes(refused));
    }

    [Fact]
    public async Task TooManyNodeIdsIsHC0076()
    {
        var ids = Enumerable.Range(0, 51).Select(i => GlobalId.Encode("Official", $"o{i}")).ToArray();

        var error = await SingleErrorAsync("query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids });

        Assert.Equal(["PAGE_SIZE_EXCEEDED", "HC0076"], Codes(error));
        Assert.Null(error["requestedItems"]);
    }

    [Fact]
    public async Task ACostOverTheLimitIsHC0047WithTheFieldCostAndItsMaximum()
    {
        var error = await SingleErrorAsync("""
            { officials(first: 50) { nodes { meetings(first: 50) { nodes { participants(first: 50) { nodes { name } } } } } } }
            """);

        Assert.Equal(["COST_LIMIT_EXCEEDED", "HC0047"], Codes(error));
        Assert.True(error["fieldCost"]!.GetValue<double>() > error["maxFieldCost"]!.GetValue<double>());
        Assert.Equal(20_000, error["maxFieldCost"]!.GetValue<double>());
    }

    [Fact]
    public async Task ErrorsWithoutAHotChocolateCounterpartKeepTheirCodesAlone()
    {
        var error = await SingleErrorAsync("{ meetings(order: [{ country: { pageRank: DESC } }]) { totalCount } }");

        Assert.Equal(["SORT_NOT_SUPPORTED"], Codes(error));
    }

    /// <summary>The <c>extensions</c> of the response's one error.</summary>
    private async Task<JsonObject> SingleErrorAsync(string query, object? variables = null)
    {
        var response = await _client.PostAsync(query, variables);
        var errors = Assert.IsType<JsonArray>(response["errors"]);
        return Assert.Single(errors)!["extensions"]!.AsObject();
    }

    private static string[] Codes(JsonObject extensions) => [.. extensions["codes"]!.AsArray().Select(c => c!.GetValue<string>())];
}
