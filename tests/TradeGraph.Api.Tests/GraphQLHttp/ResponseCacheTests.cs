using System.Net.Http.Json;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;

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

        // A local load handed over to the revision follower without moving the graph's version on (as no path of the
        // service does): the read model has it, so only the cache can still give the old count.
        var store = application.Services.GetRequiredService<IGraphStore>();
        var commits = application.Services.GetRequiredService<LocalCommits>();
        using (commits.Begin())
        {
            var load = await store.ImportAsync(new GraphDocument(
                [new Entity("Official", "cache-test-official", "Cache Test", [], null, new Dictionary<string, object?>(), [])], []), CancellationToken.None);
            commits.BulkLoaded(load.BulkLoad);
        }

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
