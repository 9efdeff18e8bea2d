using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Queries;

/// <summary>
/// A relationship named by its type and ends, with its properties and citations: at the root (<c>relationship</c>) and
/// on a path's or a subgraph's relationships (<c>PathRelationship.relationship</c>), batched per level.
/// </summary>
[Collection(ApplicationCollection.Name)]
public sealed class RelationshipLookupTests(TradeGraphApplication application)
{
    private readonly HttpClient _client = application.CreateClient();

    [Fact]
    public async Task TheRootFieldFindsARelationshipByTypeAndEndsWithItsCitations()
    {
        var data = await _client.QueryAsync("""
            {
              found: relationship(type: "PARTICIPATES_IN", from: "scott-bessent", to: "kuala-lumpur-trade-talks") {
                type sources { locator source { title } } ... on ParticipatesIn { role from { key } to { key } }
              }
              none: relationship(type: "PARTICIPATES_IN", from: "scott-bessent", to: "united-states") { type }
            }
            """);

        var found = data["found"]!;
        Assert.Equal("PARTICIPATES_IN", found["type"]!.GetValue<string>());
        Assert.Equal("scott-bessent", found["from"]!["key"]!.GetValue<string>());
        Assert.Equal("kuala-lumpur-trade-talks", found["to"]!["key"]!.GetValue<string>());
        Assert.NotEmpty(found["sources"]!.AsArray());
        Assert.All(found["sources"]!.AsArray(), s => Assert.StartsWith("¶", s!["locator"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Null(data["none"]);
    }

    [Fact]
    public async Task AnUnknownTypeIsAnInvalidArgument()
    {
        var codes = await _client.ErrorCodesAsync("""{ relationship(type: "KNOWS", from: "a", to: "b") { type } }""");

        Assert.Equal(["INVALID_ARGUMENT"], codes);
    }

    [Fact]
    public async Task EveryRelationshipOfAPathAndASubgraphResolvesWithItsSources()
    {
        var data = await _client.QueryAsync("""
            {
              shortestPath(from: "marco-rubio", to: "xi-jinping") { relationships { type relationship { type sources { locator } } } }
              neighbourhood(key: "kuala-lumpur-trade-talks", first: 30) { relationships { type relationship { type } } }
            }
            """);

        var steps = data["shortestPath"]!["relationships"]!.AsArray();
        Assert.NotEmpty(steps);
        Assert.All(steps, r => Assert.Equal(r!["type"]!.GetValue<string>(), r["relationship"]!["type"]!.GetValue<string>()));
        var around = data["neighbourhood"]!["relationships"]!.AsArray();
        Assert.NotEmpty(around);
        Assert.All(around, r => Assert.Equal(r!["type"]!.GetValue<string>(), r["relationship"]?["type"]?.GetValue<string>()));
    }
}
