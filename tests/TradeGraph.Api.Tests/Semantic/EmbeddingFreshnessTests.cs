using TradeGraph.Api.Semantic;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Semantic;

namespace TradeGraph.Api.Tests.Semantic;

/// <summary>
/// A write changes an entity's text: its old vector is never used again (the store dropped it in the write's transaction,
/// and a hit is checked against the entity's current text), and the refresh embeds the new text. On SQLite (the in-memory
/// index) and on Neo4j (its vector index; skipped without NEO4J_URI).
/// </summary>
public sealed class EmbeddingFreshnessTests
{
    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Neo4j")]
    public async Task AnUpdatedEntityIsFoundByItsNewTextAndNeverByItsOldVector(string store)
    {
        await using var application = await Neo4jTradeGraphApplication.OnStoreAsync(store);
        var client = application.CreateClient().WithKey(TestKeys.Writer);
        var maintenance = application.Services.GetRequiredService<EmbeddingMaintenance>();
        await maintenance.Backfilled.WaitAsync(TimeSpan.FromMinutes(1));
        var oldText = await EmbeddedTextAsync(client);

        await client.QueryAsync("""
            mutation { updateOfficial(input: { key: "scott-bessent", description: "Keeper of the zebra sanctuary", editorial: true }) { outcome } }
            """);

        // Whenever the refresh runs, the old text's exact vector (similarity 1) must not be what finds him.
        Assert.True(await OldTextScoreAsync(application, oldText) < 0.99, "found by the vector of his old text");
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!(await BessentScoreAsync(client, "zebra sanctuary") > 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(await BessentScoreAsync(client, "zebra sanctuary") > 0, "the new text was not embedded");
        Assert.True(await OldTextScoreAsync(application, oldText) < 0.99, "found by the vector of his old text");
    }

    /// <summary>In process: the whole old text is longer than the API's search text limit.</summary>
    private static async Task<double> OldTextScoreAsync(TradeGraphApplication application, string oldText)
    {
        var results = await application.Services.GetRequiredService<EntitySearch>()
            .SearchAsync(new SearchQuery(oldText, new PageRequest(100)), SearchMode.Semantic, default);
        return results.Page.Items.Where(i => i.Value.Entity.Key == "scott-bessent").Select(i => i.Value.Score).DefaultIfEmpty(0).First();
    }

    private static async Task<string> EmbeddedTextAsync(HttpClient client)
    {
        var data = await client.QueryAsync("""{ searchEntities(text: "Scott Bessent", first: 1) { nodes { node { ... on Official { name aliases description } } } } }""");
        var node = data["searchEntities"]!["nodes"]![0]!["node"]!;
        return EmbeddedText.Of("Official", node["name"]!.GetValue<string>(), [.. node["aliases"]!.AsArray().Select(a => a!.GetValue<string>())],
            node["description"]!.GetValue<string>());
    }

    private static async Task<double> BessentScoreAsync(HttpClient client, string text)
    {
        var data = await client.QueryAsync("""
            query ($text: String!) { searchEntities(text: $text, mode: SEMANTIC, first: 50) { nodes { score node { key } } } }
            """, new { text });
        return data["searchEntities"]!["nodes"]!.AsArray().Where(n => n!["node"]!["key"]!.GetValue<string>() == "scott-bessent")
            .Select(n => n!["score"]!.GetValue<double>()).DefaultIfEmpty(0).First();
    }
}
