using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Api.Tests.Semantic;
using TradeGraph.Core.Passages;

namespace TradeGraph.Api.Tests.Passages;

/// <summary>
/// Quality of searchPassages with the real model over two articles invented for the test (each paragraph names an entity
/// of the seed, so it is kept): questions that share no word with their paragraph. HYBRID must put the paragraph in its
/// top 3 for at least 4 of 5 questions; TEXT, by words alone, finds few of them.
/// </summary>
public sealed class PassageQualityTests(SemanticApplication application) : IClassFixture<SemanticApplication>
{
    private const string Diary = """
        Scott Bessent spent the morning on the budget deficit and the calendar of bond auctions.

        He Lifeng promised that Chinese importers would order soybeans from American farmers before the harvest ended.

        In Kuala Lumpur the delegations argued late into the night over fees charged to vessels calling at ports.

        Donald Trump told reporters in South Korea that he hoped to visit Beijing next spring.
        """;

    private const string Roundup = """
        Japan announced subsidies for factories that make semiconductors and electric batteries.

        Russia and Ukraine exchanged prisoners after weeks of talks hosted by intermediaries.
        """;

    /// <summary>Each question and the paragraph that answers it (article title, ¶N).</summary>
    private static readonly (string Question, string Title, int Paragraph)[] Questions =
    [
        ("government borrowing and debt sales", "Autumn diary", 1),
        ("will Beijing buy more crops", "Autumn diary", 2),
        ("dispute about levies on cargo ships in harbours", "Autumn diary", 3),
        ("president planning a trip to China's capital", "Autumn diary", 4),
        ("captives swapped between the warring sides", "Weekly roundup", 2),
    ];

    private readonly HttpClient _client = application.CreateClient().WithKey(TestKeys.Writer);

    [Fact]
    public async Task HybridPutsTheAnsweringParagraphInTheTopThree()
    {
        var sources = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Autumn diary"] = await IngestAsync("Autumn diary", Diary),
            ["Weekly roundup"] = await IngestAsync("Weekly roundup", Roundup),
        };
        await WaitForPassageVectorsAsync(6);

        var hybrid = 0;
        var text = 0;
        foreach (var (question, title, paragraph) in Questions)
        {
            var expected = Passage.KeyOf(sources[title], paragraph);
            hybrid += (await TopThreeAsync(question, "HYBRID")).Contains(expected) ? 1 : 0;
            text += (await TopThreeAsync(question, "TEXT")).Contains(expected) ? 1 : 0;
        }

        Assert.True(hybrid >= 4, $"HYBRID recall@3 {hybrid}/{Questions.Length}");
        Assert.True(text < hybrid, $"TEXT found {text}, HYBRID {hybrid}: the questions are meant to share no words with their answers");
    }

    private async Task<List<string>> TopThreeAsync(string question, string mode)
    {
        var hits = (await _client.QueryAsync("""
            query ($text: String!, $mode: SearchMode) { searchPassages(text: $text, first: 3, mode: $mode) { paragraph source { key } } }
            """, new { text = question, mode }))["searchPassages"]!.AsArray();
        return [.. hits.Select(h => Passage.KeyOf(h!["source"]!["key"]!.GetValue<string>(), h["paragraph"]!.GetValue<int>()))];
    }

    private async Task<string> IngestAsync(string title, string article)
    {
        var data = await _client.QueryAsync("""
            mutation($input: IngestArticleInput!) { ingestArticle(input: $input) { source { key } } }
            """, new { input = new { title, text = article } });
        return data["ingestArticle"]!["source"]!["key"]!.GetValue<string>();
    }

    /// <summary>The background maintenance embeds passages after the write that kept them; wait (bounded) until it has.</summary>
    private async Task WaitForPassageVectorsAsync(int count)
    {
        await application.BackfilledAsync();
        var index = application.Services.GetRequiredService<PassageSearch>().Index!;
        for (var attempt = 0; attempt < 600 && index.Count < count; attempt++)
        {
            await Task.Delay(100);
        }

        Assert.True(index.Count >= count, $"{index.Count} passage vectors, expected {count}");
    }
}
