using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;
using TradeGraph.Storage.Neo4j.Cypher;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// Schema version 3 on a database a version-2 release wrote (full-text index over name, aliasesText, description with
/// standard-folding; no search words on the nodes): start-up drops that index before the bootstrap creates the new one,
/// writes every entity's words from its current text, and records version 3; a new database is not touched that way.
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
        var drop = texts.IndexOf(Neo4jSchema.DropSearchIndex().Text);
        var create = texts.FindIndex(t => t.StartsWith("CREATE FULLTEXT INDEX", StringComparison.Ordinal));
        var save = texts.FindIndex(t => t == SearchTextStatements.Save([]).Text);
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
    public async Task ANewOrCurrentDatabaseNeitherDropsTheIndexNorRewritesWords()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);

        await store.InitializeAsync(CancellationToken.None);

        Assert.DoesNotContain(fake.Statements, s => s.Text == Neo4jSchema.DropSearchIndex().Text || s.Text == SearchTextStatements.ListText("", 0).Text);
    }
}
