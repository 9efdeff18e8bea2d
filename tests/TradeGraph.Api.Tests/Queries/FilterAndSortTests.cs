using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Queries;

/// <summary>where / order / aggregate against the seed, with the exact rows expected.</summary>
[Collection(ApplicationCollection.Name)]
public sealed class FilterAndSortTests(TradeGraphApplication application)
{
    private readonly HttpClient _client = application.CreateClient();

    [Theory]
    [InlineData("meetings(where: { participants: { someEdge: { country: { isoCode: { eq: \"CN\" } }, relationship: { role: { eq: DELEGATION_LEAD } } } } })", "kuala-lumpur-trade-talks")]
    [InlineData("meetings(where: { participants: { someEdge: { relationship: { role: { eq: PRINCIPAL } } } } })", "trump-xi-meeting")]
    [InlineData("meetings(where: { participants: { none: { country: { isoCode: { eq: \"CN\" } } } } })", "")]
    [InlineData("meetings(where: { participants: { all: { country: { isoCode: { in: [\"US\", \"CN\"] } } } } })", "asia-pacific-economic-summit,kuala-lumpur-trade-talks,trump-xi-meeting")]
    [InlineData("officials(where: { meetings: { count: { gte: 2 } } })", "donald-trump,xi-jinping")]
    [InlineData("officials(where: { meetings: { count: { in: [2, 3] } } })", "donald-trump,xi-jinping")]
    [InlineData("officials(where: { meetings: { count: { nin: [0, 2] } } })", "he-lifeng,jamieson-greer,scott-bessent")]
    [InlineData("officials(where: { name: { contains: \"XÍ\", ignoreCase: true } })", "xi-jinping")]
    [InlineData("officials(where: { name: { contains: \"XÍ\" } })", "")]
    [InlineData("officials(where: { or: [{ name: { startsWith: \"Xi\" } }, { aliases: { some: { eq: \"Bessent\" } } }] })", "scott-bessent,xi-jinping")]
    [InlineData("officials(where: { not: { country: { isoCode: { eq: \"US\" } } } })", "he-lifeng,vladimir-putin,xi-jinping")]
    [InlineData("officials(where: { country: { isoCode: { eq: \"US\" } }, title: { endsWith: \"State\" } })", "marco-rubio")]
    [InlineData("meetings(where: { startsOn: { gte: \"2025-10-01\" }, round: { eq: 5 } })", "kuala-lumpur-trade-talks")]
    [InlineData("meetings(where: { startsOn: { eq: null } })", "asia-pacific-economic-summit,trump-xi-meeting")]
    [InlineData("tradeMeasures(where: { ratePercent: { gt: 50 }, status: { in: [THREATENED, IMPOSED] } })", "us-additional-100-percent-tariff-on-china")]
    [InlineData("tradeMeasures(where: { kind: { neq: TARIFF }, imposedBy: { key: { eq: \"china\" } } })", "china-rare-earth-export-controls")]
    [InlineData("countries(where: { aliases: { any: false } })", "israel,japan,malaysia,ukraine")]
    [InlineData("sources(where: { title: { startsWith: \"U.S., China\" } })", "report-2025-10-23-us-china-kl-talks")]
    public async Task WhereSelectsExactlyTheMatchingRows(string connection, string expectedKeys)
    {
        var keys = await KeysAsync(connection);

        Assert.Equal(expectedKeys, string.Join(",", keys.Order(StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData("officials(order: [{ meetingsCount: DESC }, { name: ASC }], first: 3)", "donald-trump,xi-jinping,he-lifeng")]
    [InlineData("meetings(order: [{ country: { name: DESC } }])", "asia-pacific-economic-summit,trump-xi-meeting,kuala-lumpur-trade-talks")]
    [InlineData("meetings(order: [{ startsOn: DESC }])", "kuala-lumpur-trade-talks,asia-pacific-economic-summit,trump-xi-meeting")]
    [InlineData("meetings(order: [{ startsOn: ASC }])", "asia-pacific-economic-summit,trump-xi-meeting,kuala-lumpur-trade-talks")]
    [InlineData("countries(order: [{ isoCode: DESC }], first: 3)", "united-states,ukraine,russia")]
    public async Task OrderIsTotalAndStable(string connection, string expectedKeys)
    {
        var keys = await KeysAsync(connection);

        Assert.Equal(expectedKeys, string.Join(",", keys));
    }

    [Fact]
    public async Task NestedConnectionsTakeWhereAndOrder()
    {
        var data = await _client.QueryAsync("""
            { countries(where: { key: { eq: "united-states" } }) { nodes {
                officials(where: { title: { contains: "Secretary" } }, order: [{ name: DESC }]) { totalCount nodes { key } } } } }
            """);

        var officials = data["countries"]!["nodes"]![0]!["officials"]!;
        Assert.Equal(2, officials["totalCount"]!.GetValue<int>());
        Assert.Equal(["scott-bessent", "marco-rubio"], officials["nodes"]!.AsArray().Select(n => n!["key"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AggregatesFollowTheFilter()
    {
        var data = await _client.QueryAsync("""
            {
              all: trips { aggregate { count startsOn { min max } endsOn { max } } }
              rubio: trips(where: { traveller: { key: { eq: "marco-rubio" } } }) { aggregate { count startsOn { min } endsOn { max } } }
              nested: officials(where: { key: { eq: "marco-rubio" } }) { nodes { trips { aggregate { count } } } }
            }
            """);

        Assert.Equal(6, data["all"]!["aggregate"]!["count"]!.GetValue<int>());
        Assert.Equal(2, data["rubio"]!["aggregate"]!["count"]!.GetValue<int>());
        // Rubio's Israel trip has no start day (¶14 gives four days through Saturday): his Asia trip starts first.
        Assert.Equal("2025-10-26", data["rubio"]!["aggregate"]!["startsOn"]!["min"]!.GetValue<string>());
        Assert.Equal("2025-10-30", data["rubio"]!["aggregate"]!["endsOn"]!["max"]!.GetValue<string>());
        Assert.Equal(2, data["nested"]!["nodes"]![0]!["trips"]!["aggregate"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task SortedPagesWalkForwardAndBackward()
    {
        const string Page = """
            query ($after: String, $before: String, $first: Int, $last: Int) {
              officials(order: [{ title: DESC }], first: $first, after: $after, last: $last, before: $before) {
                nodes { key } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }
            """;
        var all = (await _client.QueryAsync("{ officials(order: [{ title: DESC }]) { nodes { key } } }"))["officials"]!["nodes"]!.AsArray()
            .Select(n => n!["key"]!.GetValue<string>()).ToList();

        var forward = new List<string>();
        string? after = null;
        while (true)
        {
            var page = (await _client.QueryAsync(Page, new { first = 2, after }))["officials"]!;
            forward.AddRange(page["nodes"]!.AsArray().Select(n => n!["key"]!.GetValue<string>()));
            if (!page["pageInfo"]!["hasNextPage"]!.GetValue<bool>())
            {
                break;
            }

            after = page["pageInfo"]!["endCursor"]!.GetValue<string>();
        }

        var backward = new List<string>();
        string? before = null;
        while (true)
        {
            var page = (await _client.QueryAsync(Page, new { last = 3, before }))["officials"]!;
            backward.InsertRange(0, page["nodes"]!.AsArray().Select(n => n!["key"]!.GetValue<string>()));
            if (!page["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>())
            {
                break;
            }

            before = page["pageInfo"]!["startCursor"]!.GetValue<string>();
        }

        Assert.Equal(7, all.Count);
        Assert.Equal(all, forward);
        Assert.Equal(all, backward);
    }

    [Fact]
    public async Task ACursorFromAnotherOrderIsRefused()
    {
        var data = await _client.QueryAsync("{ officials(order: [{ title: DESC }], first: 1) { pageInfo { endCursor } } }");
        var cursor = data["officials"]!["pageInfo"]!["endCursor"]!.GetValue<string>();

        var codes = await _client.ErrorCodesAsync("query ($c: String) { officials(order: [{ name: ASC }], after: $c) { nodes { key } } }", new { c = cursor });

        Assert.Contains("INVALID_CURSOR", codes);
    }

    [Theory]
    [InlineData("{ meetings(where: { shoeSize: { eq: 1 } }) { nodes { key } } }", "shoeSize")]
    [InlineData("{ sources(where: { url: { eq: \"x\" } }) { nodes { key } } }", "url")]
    [InlineData("{ meetings(order: [{ description: ASC }]) { nodes { key } } }", "description")]
    public async Task FilteringOrSortingOnAFieldTheModelDoesNotOfferNamesIt(string query, string field)
    {
        var response = await _client.PostAsync(query);

        var message = response["errors"]![0]!["message"]!.GetValue<string>();
        Assert.Contains($"'{field}'", message, StringComparison.Ordinal);
    }

    private async Task<List<string>> KeysAsync(string connection)
    {
        var data = await _client.QueryAsync($"{{ result: {connection} {{ nodes {{ key }} }} }}");
        return [.. data["result"]!["nodes"]!.AsArray().Select(n => n!["key"]!.GetValue<string>())];
    }
}
