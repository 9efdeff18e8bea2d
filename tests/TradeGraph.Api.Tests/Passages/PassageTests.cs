using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Passages;

namespace TradeGraph.Api.Tests.Passages;

/// <summary>
/// Passages on SQLite over HTTP, with an article invented for the test and the hashing embedder (words, no meaning;
/// quality is PassageQualityTests' part): what ingestion keeps, Source.passages, searchPassages and its errors.
/// </summary>
public sealed class PassageTests(TradeGraphApplication application) : IClassFixture<TradeGraphApplication>
{
    // Invented; ¶2 names nobody the graph knows, so it is not kept (nor the closing line that makes each test's text its own).
    private const string Article = """
        Scott Bessent reviewed the schedule of bond auctions with his staff before lunch.

        The hotel served a mild curry and the coffee was poor.

        He Lifeng said that Chinese importers would order soybeans again before the harvest ended, and Scott Bessent welcomed it.
        """;

    private const string Search = """
        query ($text: String!, $first: Int, $mode: SearchMode) {
          searchPassages(text: $text, first: $first, mode: $mode) {
            paragraph locator text score matchedBy
            source { key title publishedOn }
            supports { locator node { ... on Entity { key } } relationship { __typename ... on Mentions { to { key } } } }
          }
        }
        """;

    private readonly HttpClient _client = application.CreateClient().WithKey(TestKeys.Writer);

    private async Task<string> IngestAsync(string title)
    {
        var data = await _client.QueryAsync("""
            mutation($input: IngestArticleInput!) { ingestArticle(input: $input) { source { key } errors { __typename } } }
            """, new { input = new { title, text = Article + "\n\nFiled as " + title + ".", publishedOn = "2025-10-27" } });
        return data["ingestArticle"]!["source"]!["key"]!.GetValue<string>();
    }

    [Fact]
    public async Task IngestionKeepsTheCitedParagraphsAsTheSourcesPassages()
    {
        var key = await IngestAsync("A long Tuesday");

        var data = await _client.QueryAsync("""
            query ($key: String!) { sources(where: { key: { eq: $key } }) { nodes { passages { paragraph locator text supports { locator relationship { ... on Mentions { to { key } } } } } } } }
            """, new { key });
        var passages = data["sources"]!["nodes"]![0]!["passages"]!.AsArray();

        Assert.Equal([1, 3], passages.Select(p => p!["paragraph"]!.GetValue<int>()));
        Assert.Equal(["¶1", "¶3"], passages.Select(p => p!["locator"]!.GetValue<string>()));
        Assert.StartsWith("He Lifeng said", passages[1]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        // ¶3's facts: the MENTIONS of the three entities it names, each citation at ¶3.
        var third = passages[1]!["supports"]!.AsArray();
        Assert.Equal(["he-lifeng", "scott-bessent", "soybeans"], third.Select(f => f!["relationship"]!["to"]!["key"]!.GetValue<string>()).Distinct().Order());
        Assert.All(third, f => Assert.StartsWith("¶3:", f!["locator"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.All(passages[0]!["supports"]!.AsArray(), f => Assert.StartsWith("¶1:", f!["locator"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task TextSearchFindsTheParagraphWithItsSourceLocatorAndFacts()
    {
        var key = await IngestAsync("Harvest orders");

        var hits = (await _client.QueryAsync(Search, new { text = "importers harvest", mode = "TEXT" }))["searchPassages"]!.AsArray();

        var hit = hits.First(h => h!["source"]!["key"]!.GetValue<string>() == key)!;
        Assert.Equal(("¶3", "Harvest orders", "2025-10-27"),
            (hit["locator"]!.GetValue<string>(), hit["source"]!["title"]!.GetValue<string>(), hit["source"]!["publishedOn"]!.GetValue<string>()));
        Assert.Equal(["TEXT"], hit["matchedBy"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Contains(hit["supports"]!.AsArray(), f => f!["relationship"]?["to"]?["key"]?.GetValue<string>() == "soybeans");
        Assert.DoesNotContain(hits, h => h!["text"]!.GetValue<string>().Contains("curry", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HybridFusesWordsAndVectorsOnceThePassagesAreEmbedded()
    {
        var key = await IngestAsync("Lunch and auctions");

        // The background maintenance embeds the new passages after the write; wait (bounded) until the index holds them. (The
        // response cache keys on the graph version, which a background embedding does not move: ask only once they are in.)
        var index = application.Services.GetRequiredService<PassageSearch>().Index!;
        for (var attempt = 0; attempt < 300 && index.VectorOf(Passage.KeyOf(key, 1)) is null; attempt++)
        {
            await Task.Delay(100);
        }

        var hits = (await _client.QueryAsync(Search, new { text = "bond auctions schedule", mode = "HYBRID", first = 20 }))["searchPassages"]!.AsArray();

        var hit = hits.First(h => h!["source"]!["key"]!.GetValue<string>() == key)!;
        Assert.Equal(["TEXT", "SEMANTIC"], hit["matchedBy"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("¶1", hit["locator"]!.GetValue<string>());
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First!["score"]!.GetValue<double>() >= p.Second!["score"]!.GetValue<double>()), "not best first");
    }

    [Theory]
    [InlineData(21)]
    [InlineData(-1)]
    public async Task TooManyOrNegativeIsACodedError(int first)
    {
        var codes = await _client.ErrorCodesAsync(Search, new { text = "soybeans", first });

        Assert.Equal(["PAGE_SIZE_EXCEEDED"], codes);
    }
}
