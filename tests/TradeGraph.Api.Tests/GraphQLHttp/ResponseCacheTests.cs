using System.Net.Http.Json;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Tests.GraphQLHttp;

/// <summary>The response cache: repeated queries are answered from it until the graph changes (own application: it writes).</summary>
public sealed class ResponseCacheTests(TradeGraphApplication application) : IClassFixture<TradeGraphApplication>
{
    private const string CountOfficials = "{ officials { totalCount } }";

    private async Task<string> BodyAsync(string query, object? variables = null)
    {
        using var client = application.CreateClient();
        using var response = await client.PostAsJsonAsync("/graphql", new { query, variables });
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task ARepeatedQueryIsAnsweredFromTheCacheUntilAWriteMovesTheGraphOn()
    {
        var first = await BodyAsync(CountOfficials);

        // A change behind the service's back (not through GraphWriter or the import endpoint) does not move the graph's
        // version on: the cached answer shows the cache was used.
        var store = application.Services.GetRequiredService<IGraphStore>();
        await store.ImportAsync(new GraphDocument(
            [new Entity("Official", "cache-test-official", "Cache Test", [], null, new Dictionary<string, object?>(), [])], []), CancellationToken.None);
        var cached = await BodyAsync(CountOfficials);

        using var writer = application.CreateClient().WithKey(TestKeys.Writer);
        await writer.QueryAsync("""mutation { createOfficial(input: { key: "cache-test-second", name: "Second", editorial: true }) { outcome } }""");
        var fresh = await BodyAsync(CountOfficials);

        Assert.Equal(first, cached);
        Assert.NotEqual(first, fresh);
        Assert.Contains(Count(first) + 2 + "}", fresh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VariablesAndOperationsKeepTheirOwnAnswersAndErrorsAreNotKept()
    {
        const string byKey = "query($key: String!) { officials(where: { key: { eq: $key } }) { nodes { key } } }";

        var xi = await BodyAsync(byKey, new { key = "xi-jinping" });
        var trump = await BodyAsync(byKey, new { key = "donald-trump" });
        var xiAgain = await BodyAsync(byKey, new { key = "xi-jinping" });
        var error = await BodyAsync("{ officials(first: 51) { totalCount } }");

        Assert.Contains("xi-jinping", xi, StringComparison.Ordinal);
        Assert.Contains("donald-trump", trump, StringComparison.Ordinal);
        Assert.Equal(xi, xiAgain);
        Assert.Contains("PAGE_SIZE_EXCEEDED", error, StringComparison.Ordinal);
    }

    private static int Count(string body) =>
        System.Text.Json.Nodes.JsonNode.Parse(body)!["data"]!["officials"]!["totalCount"]!.GetValue<int>();
}
