using System.Text.Json.Nodes;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Mutations;

/// <summary>ingestArticle over HTTP with articles written for these tests: the Source, its MENTIONS, idempotence.</summary>
public sealed class IngestionTests(TradeGraphApplication application) : IClassFixture<TradeGraphApplication>
{
    // Invented for the test; "he" and "us" must not be taken for He Lifeng or the United States.
    private const string Article = """
        Negotiators from the U.S. met their Chinese counterparts in Kuala Lumpur on Sunday. Scott Bessent said he expected progress.

        Xi Jinping's envoy, He Lifeng, told reporters that Beijing wanted soybeans back on the table; "tell us what you can buy," one aide said.

        Trump's team flew on to South Korea, where Trump and Xi are due to meet.
        """;

    private readonly HttpClient _client = application.CreateClient().WithKey(TestKeys.Writer);

    private async Task<JsonObject> IngestAsync(string title, string text)
    {
        var data = await _client.QueryAsync("""
            mutation($input: IngestArticleInput!) {
              ingestArticle(input: $input) {
                outcome paragraphs errors { __typename }
                source { key title publishedOn contentHash }
                mentions { node { key } text paragraph start end locator }
                coMentions { first { key } second { key } paragraphs }
              }
            }
            """, new { input = new { title, text, publishedOn = "2025-10-26", url = "https://example.test/talks" } });
        return data["ingestArticle"]!.AsObject();
    }

    [Fact]
    public async Task AnArticleBecomesASourceWithMentionsAtTheirOffsets()
    {
        var payload = await IngestAsync("Negotiators meet in Kuala Lumpur", Article);

        // The headline is ¶0 (as the seed numbers its source), so the text's paragraphs are ¶1 to ¶3.
        Assert.Equal(("CREATED", 4), (payload["outcome"]!.GetValue<string>(), payload["paragraphs"]!.GetValue<int>()));
        Assert.Equal("negotiators-meet-in-kuala-lumpur-2025-10-26", payload["source"]!["key"]!.GetValue<string>());
        var mentions = payload["mentions"]!.AsArray().Select(m => (Key: m!["node"]!["key"]!.GetValue<string>(), Text: m["text"]!.GetValue<string>(),
            Paragraph: m["paragraph"]!.GetValue<int>(), Start: m["start"]!.GetValue<int>(), End: m["end"]!.GetValue<int>())).ToList();
        Assert.Equal(
            ["kuala-lumpur", "united-states", "kuala-lumpur", "scott-bessent", "xi-jinping", "he-lifeng", "soybeans", "donald-trump", "south-korea", "donald-trump", "xi-jinping"],
            mentions.Select(m => m.Key));
        Assert.Contains(mentions, m => m is { Key: "xi-jinping", Text: "Xi Jinping", Paragraph: 2, Start: 0, End: 10 });
        Assert.Contains(mentions, m => m is { Key: "he-lifeng", Text: "He Lifeng" });
        string[] paragraphs = ["Negotiators meet in Kuala Lumpur", .. Article.Replace("\r\n", "\n", StringComparison.Ordinal).Trim().Split("\n\n")];
        Assert.All(mentions, m => Assert.Equal(m.Text, paragraphs[m.Paragraph].Trim()[m.Start..m.End]));

        var pairs = payload["coMentions"]!.AsArray();
        Assert.Contains(pairs, p => p!["first"]!["key"]!.GetValue<string>() == "donald-trump" && p["second"]!["key"]!.GetValue<string>() == "xi-jinping");

        var read = await _client.QueryAsync("""
            { officials(where: { key: { eq: "donald-trump" } }) { nodes { mentionedIn { nodes { key } edges { relationship { ... on Mentions { occurrences sources { locator } } } } } } } }
            """);
        var edge = read["officials"]!["nodes"]![0]!["mentionedIn"]!["edges"]!.AsArray()
            .Single(e => e!["relationship"]!["sources"]!.AsArray().Count > 0)!;
        Assert.Equal(2, edge["relationship"]!["occurrences"]!.GetValue<int>());
        Assert.Equal(["¶3:0-5", "¶3:43-48"], edge["relationship"]!["sources"]!.AsArray().Select(s => s!["locator"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task TheSameTextTwiceIsOneSource()
    {
        var text = "Rare earths were on the agenda as Greer met He Lifeng in Malaysia.";
        var first = await IngestAsync("Agenda item", text);
        var second = await IngestAsync("Agenda item, again", text.Replace("\n", "\r\n", StringComparison.Ordinal) + "   \n");

        Assert.Equal(("CREATED", "UNCHANGED"), (first["outcome"]!.GetValue<string>(), second["outcome"]!.GetValue<string>()));
        Assert.Equal(first["source"]!["key"]!.ToJsonString(), second["source"]!["key"]!.ToJsonString());
        var count = await _client.QueryAsync("{ sources(where: { title: { startsWith: \"Agenda item\" } }) { totalCount } }");
        Assert.Equal(1, count["sources"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnEmptyArticleIsATypedError()
    {
        var payload = await IngestAsync("Nothing", "   \n\n  ");

        Assert.Equal("RequiredFieldError", payload["errors"]![0]!["__typename"]!.GetValue<string>());
        Assert.Null(payload["source"]);
    }
}
