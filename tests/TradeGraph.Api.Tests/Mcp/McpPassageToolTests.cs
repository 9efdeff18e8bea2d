using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Mcp;

/// <summary>
/// search_passages through the SDK's client, on an application of its own (it ingests an invented article, which the
/// shared seeded application's tests must not see): each paragraph comes with its source, locator and cited facts.
/// </summary>
public sealed class McpPassageToolTests(TradeGraphApplication app) : IClassFixture<TradeGraphApplication>
{
    private const string Article = """
        Scott Bessent said the shipping fees on vessels would be paused for a year.

        Nobody else spoke.
        """;

    [Fact]
    public async Task SearchPassagesAnswersWithTheParagraphItsSourceAndItsFacts()
    {
        var ingested = await app.CreateClient().WithKey(TestKeys.Writer).QueryAsync("""
            mutation($input: IngestArticleInput!) { ingestArticle(input: $input) { source { key } } }
            """, new { input = new { title = "Fees paused", text = Article, publishedOn = "2025-11-01" } });
        var sourceKey = ingested["ingestArticle"]!["source"]!["key"]!.GetValue<string>();
        await using var client = await McpTestClient.ConnectAsync(app.CreateClient());

        var result = await client.CallAsync("search_passages", new { text = "shipping fees paused", first = 3, mode = "TEXT" });

        var top = result.Structured().GetProperty("passages")[0];
        Assert.Equal((sourceKey, "Fees paused", "2025-11-01"), (top.GetProperty("source").GetProperty("key").GetString(),
            top.GetProperty("source").GetProperty("title").GetString(), top.GetProperty("source").GetProperty("publishedOn").GetString()));
        Assert.Equal("¶1", top.GetProperty("locator").GetString());
        var fact = top.GetProperty("facts")[0];
        Assert.StartsWith("¶1:", fact.GetProperty("locator").GetString(), StringComparison.Ordinal);
        Assert.True(fact.GetProperty("stated").GetBoolean());
        Assert.Contains("Fees paused [" + sourceKey + "] ¶1: \"Scott Bessent said", result.Text(), StringComparison.Ordinal);

        // The most a call may ask for fits the GraphQL cost limit; more is a coded tool error.
        Assert.NotEqual(0, (await client.CallAsync("search_passages", new { text = "fees", first = 3 })).Structured().GetProperty("passages").GetArrayLength());
        var refused = await client.CallAsync("search_passages", new { text = "fees", first = 4 });
        Assert.Equal(["PAGE_SIZE_EXCEEDED"], refused.ErrorCodes());
    }
}
