using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Queries;

/// <summary>Store calls grow with the depth of a query, never with its rows (read from the GraphQL-Cost report).</summary>
[Collection(ApplicationCollection.Name)]
public sealed class BatchingTests(TradeGraphApplication application)
{
    [Fact]
    public async Task AThreeLevelQueryCostsOneStoreCallPerLevel()
    {
        const string Query = """
            {
              officials(first: 50) {
                nodes {
                  name
                  country { name officials(first: 5) { totalCount nodes { name } } }
                  meetings(first: 5) { nodes { name participants(first: 5) { nodes { name country { isoCode } } } } }
                  sources { source { title } }
                }
              }
            }
            """;
        using var client = application.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = Query }) };
        request.Headers.Add("GraphQL-Cost", "report");

        using var response = await client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(7, body["data"]!["officials"]!["nodes"]!.AsArray().Count);
        // officials + country + meetings + sources' Source + country.officials + its totalCount + participants: seven,
        // however many rows each level has. Participants' country costs nothing: every participant is an official whose
        // country the request has already loaded.
        Assert.Equal(7, body["extensions"]!["operationCost"]!["storeRoundTrips"]!.GetValue<int>());
    }
}
