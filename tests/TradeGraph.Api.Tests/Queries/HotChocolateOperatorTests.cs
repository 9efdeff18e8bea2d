using System.Text.Json.Nodes;
using TradeGraph.Api.GraphQL;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Queries;

/// <summary>
/// The operators added for Hot Chocolate's clients (ngt / ngte / nlt / nlte, and / or in string inputs, any, to-many
/// filters over the target's own filter, id) and nested sorts over the target's sort input, end to end on the seed.
/// </summary>
[Collection(ApplicationCollection.Name)]
public sealed class HotChocolateOperatorTests(TradeGraphApplication application)
{
    private readonly HttpClient _client = application.CreateClient();

    [Theory]
    [InlineData("trips", "startsOn", "\"2025-10-24\"")]
    [InlineData("trips", "endsOn", "\"2025-10-26\"")]
    [InlineData("meetings", "round", "4")]
    [InlineData("tradeMeasures", "ratePercent", "50")]
    [InlineData("officials", "degree", "3")]
    public async Task EachNegatedOperatorIsTheComplementOfItsOperatorNullsIncluded(string connection, string field, string value)
    {
        var data = await _client.QueryAsync($$"""
            {
              all: {{connection}} { totalCount }
              nulls: {{connection}}(where: { {{field}}: { eq: null } }) { totalCount }
              gt: {{connection}}(where: { {{field}}: { gt: {{value}} } }) { totalCount }
              ngt: {{connection}}(where: { {{field}}: { ngt: {{value}} } }) { totalCount }
              gte: {{connection}}(where: { {{field}}: { gte: {{value}} } }) { totalCount }
              ngte: {{connection}}(where: { {{field}}: { ngte: {{value}} } }) { totalCount }
              lt: {{connection}}(where: { {{field}}: { lt: {{value}} } }) { totalCount }
              nlt: {{connection}}(where: { {{field}}: { nlt: {{value}} } }) { totalCount }
              lte: {{connection}}(where: { {{field}}: { lte: {{value}} } }) { totalCount }
              nlte: {{connection}}(where: { {{field}}: { nlte: {{value}} } }) { totalCount }
              lteOrNull: {{connection}}(where: { or: [{ {{field}}: { lte: {{value}} } }, { {{field}}: { eq: null } }] }) { totalCount }
            }
            """);
        int Count(string alias) => data[alias]!["totalCount"]!.GetValue<int>();

        foreach (var op in new[] { "gt", "gte", "lt", "lte" })
        {
            Assert.Equal(Count("all"), Count(op) + Count("n" + op));
        }

        // ngt is "not greater": the smaller and equal values and the missing ones, not just lte.
        Assert.Equal(Count("lteOrNull"), Count("ngt"));
        Assert.True(Count("gt") > 0 && Count("ngt") > 0, $"{connection}.{field} {value} splits nothing: pick another value");
    }

    [Fact]
    public async Task AFieldsNegatedOperatorsCombineInOneInput()
    {
        var data = await _client.QueryAsync("""
            {
              range: trips(where: { startsOn: { ngt: "2025-10-30", nlt: "2025-10-26" } }) { nodes { key startsOn } }
              count: meetings(where: { participants: { count: { ngt: 2 } } }) { totalCount }
              atMostTwo: meetings(where: { participants: { count: { lte: 2 } } }) { totalCount }
            }
            """);

        Assert.All(data["range"]!["nodes"]!.AsArray(), n => Assert.True(n!["startsOn"] is null
            || string.CompareOrdinal(n["startsOn"]!.GetValue<string>(), "2025-10-26") >= 0 && string.CompareOrdinal(n["startsOn"]!.GetValue<string>(), "2025-10-30") <= 0));
        Assert.Equal(data["atMostTwo"]!["totalCount"]!.GetValue<int>(), data["count"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task StringInputsTakeAndAndOr()
    {
        var data = await _client.QueryAsync("""
            {
              or: officials(where: { name: { or: [{ startsWith: "Xi" }, { endsWith: "Trump" }] } }, order: [{ key: ASC }]) { nodes { key } }
              and: officials(where: { name: { and: [{ contains: "o" }, { ncontains: "Trump" }], startsWith: "Marco" } }) { nodes { key } }
              folded: officials(where: { name: { ignoreCase: true, or: [{ eq: "XI JINPING" }, { eq: "donald trump" }] } }, order: [{ key: ASC }]) { nodes { key } }
            }
            """);

        Assert.Equal(["donald-trump", "xi-jinping"], Keys(data["or"]));
        Assert.Equal(["marco-rubio"], Keys(data["and"]));
        Assert.Equal(["donald-trump", "xi-jinping"], Keys(data["folded"]));
    }

    [Fact]
    public async Task ToManyFiltersTakeAnyAndTheTargetsOwnFilterAsAVariable()
    {
        var data = await _client.QueryAsync("""
            query ($official: OfficialFilterInput) {
              all: meetings { totalCount }
              any: meetings(where: { participants: { any: true } }) { totalCount }
              noneAtAll: meetings(where: { participants: { any: false } }) { totalCount }
              withXi: meetings(where: { participants: { some: $official } }, order: [{ key: ASC }]) { nodes { key } }
              withXiEdge: meetings(where: { participants: { someEdge: { key: { eq: "xi-jinping" } } } }, order: [{ key: ASC }]) { nodes { key } }
            }
            """, new { official = new { key = new { eq = "xi-jinping" } } });

        Assert.Equal(data["all"]!["totalCount"]!.GetValue<int>(), data["any"]!["totalCount"]!.GetValue<int>() + data["noneAtAll"]!["totalCount"]!.GetValue<int>());
        Assert.True(data["any"]!["totalCount"]!.GetValue<int>() > 0);
        Assert.NotEmpty(Keys(data["withXi"]));
        Assert.Equal(Keys(data["withXiEdge"]), Keys(data["withXi"]));
    }

    [Fact]
    public async Task TheIdFilterTakesGlobalIdsOfItsKind()
    {
        var xi = GlobalId.Encode("Official", "xi-jinping");
        var trump = GlobalId.Encode("Official", "donald-trump");
        var china = GlobalId.Encode("Country", "china");
        var data = await _client.QueryAsync("""
            query ($xi: ID, $ids: [ID], $china: ID) {
              all: officials { totalCount }
              eq: officials(where: { id: { eq: $xi } }) { nodes { key id } }
              in: officials(where: { id: { in: $ids } }, order: [{ key: ASC }]) { nodes { key } }
              nin: officials(where: { id: { nin: $ids } }) { totalCount }
              otherKind: officials(where: { id: { eq: $china } }) { totalCount }
              neqOtherKind: officials(where: { id: { neq: $china } }) { totalCount }
              nested: meetings(where: { participants: { some: { id: { eq: $xi } } } }) { totalCount }
            }
            """, new { xi, ids = new[] { xi, trump, china }, china });
        int Count(string alias) => data[alias]!["totalCount"]!.GetValue<int>();

        Assert.Equal(["xi-jinping"], Keys(data["eq"]));
        Assert.Equal(xi, data["eq"]!["nodes"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(["donald-trump", "xi-jinping"], Keys(data["in"]));
        Assert.Equal(Count("all") - 2, Count("nin"));
        Assert.Equal(0, Count("otherKind"));
        Assert.Equal(Count("all"), Count("neqOtherKind"));
        Assert.True(Count("nested") > 0);
        Assert.Equal(["INVALID_ID"], await _client.ErrorCodesAsync("""{ officials(where: { id: { eq: "not an id!" } }) { totalCount } }"""));
    }

    [Fact]
    public async Task EdgeFiltersTakeTheRelationshipsOwnCitations()
    {
        var data = await _client.QueryAsync("""
            {
              inferred: officials(where: { countryEdge: { relationship: { sources: { some: { inferred: { eq: true } } } } } }, order: [{ key: ASC }]) { nodes { key } }
              statedOnly: officials(where: { countryEdge: { relationship: { sources: { none: { inferred: { eq: true } } } } } }) { totalCount }
              withCountry: officials(where: { country: { key: { neq: null } } }) { totalCount }
              viaList: countries(where: { officials: { someEdge: { relationship: { sources: { some: { inferred: { eq: true } } } } } } }) { totalCount }
            }
            """);

        Assert.Equal(["he-lifeng", "marco-rubio", "vladimir-putin", "xi-jinping"], Keys(data["inferred"]));
        Assert.Equal(data["withCountry"]!["totalCount"]!.GetValue<int>() - 4, data["statedOnly"]!["totalCount"]!.GetValue<int>());
        Assert.True(data["viaList"]!["totalCount"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task AliasAndCitationElementsRefuseAndOrWithACode()
    {
        Assert.Equal(["INVALID_ARGUMENT"], await _client.ErrorCodesAsync(
            """{ officials(where: { aliases: { some: { or: [{ eq: "Xi" }, { eq: "POTUS" }] } } }) { totalCount } }"""));
    }

    [Fact]
    public async Task NestedSortsTakeTheTargetsSortInputAndRefuseWhatCannotSortThroughARelationship()
    {
        var data = await _client.QueryAsync("""
            {
              byCountry: meetings(order: [{ country: { name: DESC } }, { key: ASC }]) { nodes { key country { name } } }
            }
            """);
        var names = data["byCountry"]!["nodes"]!.AsArray().Select(n => n!["country"]?["name"]?.GetValue<string>()).ToList();
        Assert.Equal(names.OrderByDescending(n => n, StringComparer.Ordinal), names);

        Assert.Equal(["SORT_NOT_SUPPORTED"], await _client.ErrorCodesAsync("{ meetings(order: [{ country: { pageRank: DESC } }]) { totalCount } }"));
        Assert.Equal(["SORT_NOT_SUPPORTED"], await _client.ErrorCodesAsync("{ meetings(order: [{ country: { officialsCount: DESC } }]) { totalCount } }"));
    }

    private static List<string> Keys(JsonNode? connection) => [.. connection!["nodes"]!.AsArray().Select(n => n!["key"]!.GetValue<string>())];
}
