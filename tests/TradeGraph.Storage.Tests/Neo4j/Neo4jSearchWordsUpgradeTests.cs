using TradeGraph.Core.Graph;
using TradeGraph.Core.Passages;
using TradeGraph.Core.Querying;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// Schema version 3 on a database a version-2 release wrote (full-text index over name, aliasesText, description with
/// standard-folding; no search words on the nodes): start-up drops that index before the bootstrap creates the new one,
/// writes every entity's words from its current text, and records the current version; a new database is not touched that
/// way. Version 5 does the same for passages on a version-4 database (passage_search over text with standard-folding).
/// </summary>
public sealed class Neo4jSearchWordsUpgradeTests
{
    [Fact]
    public async Task AVersion2DatabaseGetsTheIndexRebuiltAndEveryEntitysWords()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        fake.Meta["schema"] = 2L;
        foreach (var node in fake.AllNodes)
        {
            foreach (var field in Neo4jSchema.SearchFields)
            {
                node.Properties.Remove(StoreNames.Of(field));
            }
        }

        Assert.Empty((await store.SearchRankedAsync(new SearchQuery("atlantica", new PageRequest(First: 5)), CancellationToken.None)).Items);
        fake.ClearRequests();

        await store.InitializeAsync(CancellationToken.None);

        var texts = fake.Statements.Select(s => s.Text).ToList();
        var drop = texts.IndexOf(SearchTextStatements.Entities.DropIndex().Text);
        var create = texts.FindIndex(t => t.StartsWith("CREATE FULLTEXT INDEX", StringComparison.Ordinal));
        var save = texts.FindIndex(t => t == SearchTextStatements.Entities.Save([]).Text);
        Assert.True(drop >= 0 && drop < create && create < save, string.Join("\n---\n", texts));
        Assert.Equal((long)Neo4jSchema.CurrentVersion, fake.Meta["schema"]);
        foreach (var node in fake.AllNodes.Where(n => n.Labels.Contains(CypherNames.EntityLabel)))
        {
            Assert.Equal(TextFolding.IndexedWords([(string)node.Properties["name"]!]), node.Properties[StoreNames.Of(StoreProperty.SearchName)]);
            Assert.Equal(TextFolding.IndexedWords(FakeNeo4j.Strings(node.Properties["aliases"])), node.Properties.GetValueOrDefault(StoreNames.Of(StoreProperty.SearchAliases)));
        }

        var hits = await store.SearchRankedAsync(new SearchQuery("atlantica", new PageRequest(First: 5)), CancellationToken.None);
        Assert.Equal(["atlantis"], hits.Items.Select(i => i.Value.Entity.Key));
    }

    [Fact]
    public async Task AVersion4DatabaseGetsThePassageIndexRebuiltAndEveryPassagesWordsAndLeavesEntitiesAlone()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        await ((IPassageStore)store).SavePassagesAsync("memo", [new("memo", 1, "Ada Envoy met the Office of the U.S. Trade Representative."),
            new("memo", 2, "Søren's O'Brien-style 1,000 tariff lines.")], CancellationToken.None);
        fake.Meta["schema"] = 4L;
        foreach (var node in fake.PassageNodes)
        {
            node.Properties.Remove(PassageStatements.SearchText);
        }

        Assert.Empty(await ((IPassageStore)store).SearchPassagesAsync(["brien"], 5, CancellationToken.None));
        fake.ClearRequests();

        await store.InitializeAsync(CancellationToken.None);

        var texts = fake.Statements.Select(s => s.Text).ToList();
        var drop = texts.IndexOf(SearchTextStatements.Passages.DropIndex().Text);
        var create = texts.FindIndex(t => t.StartsWith($"CREATE FULLTEXT INDEX `{PassageStatements.SearchIndex}`", StringComparison.Ordinal));
        var save = texts.IndexOf(SearchTextStatements.Passages.Save([]).Text);
        Assert.True(drop >= 0 && drop < create && create < save, string.Join("\n---\n", texts));
        Assert.DoesNotContain(SearchTextStatements.Entities.DropIndex().Text, texts);
        Assert.DoesNotContain(SearchTextStatements.Entities.ListText("", 0).Text, texts);
        Assert.Equal((long)Neo4jSchema.CurrentVersion, fake.Meta["schema"]);
        Assert.All(fake.PassageNodes, node =>
            Assert.Equal(TextFolding.IndexedWords([(string)node.Properties[PassageStatements.Text]!]), node.Properties[PassageStatements.SearchText]));

        var hits = await ((IPassageStore)store).SearchPassagesAsync(TextFolding.DistinctWords("brien of"), 5, CancellationToken.None);
        Assert.Equal([1, 2], hits.Select(p => p.Paragraph).Order());
    }

    [Fact]
    public async Task APassageWhoseTextChangedSinceItWasListedKeepsTheWordsItsWriterWrote()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        await ((IPassageStore)store).SavePassagesAsync("memo", [new("memo", 1, "New text.")], CancellationToken.None);
        var node = Assert.Single(fake.PassageNodes);
        node.Properties[PassageStatements.SearchText] = "written by the writer";

        await fake.RunAsync(SearchTextStatements.Passages.Save([SearchTextStatements.Passages.Row((string)node.Properties["key"]!,
            column => column == PassageStatements.Text ? "Old text." : null)]), AccessMode.Write, CancellationToken.None);

        Assert.Equal("written by the writer", node.Properties[PassageStatements.SearchText]);
    }

    [Fact]
    public async Task ANewOrCurrentDatabaseNeitherDropsTheIndexNorRewritesWords()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);

        await store.InitializeAsync(CancellationToken.None);

        var stepTexts = SearchTextStatements.Steps.SelectMany(step => new[] { step.DropIndex().Text, step.ListText("", 0).Text }).ToHashSet();
        Assert.DoesNotContain(fake.Statements, s => stepTexts.Contains(s.Text));
    }
}
