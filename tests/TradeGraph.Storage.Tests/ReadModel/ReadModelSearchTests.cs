using System.Globalization;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Synthetic;
using TradeGraph.Core.Writing;

namespace TradeGraph.Storage.Tests.ReadModel;

/// <summary>
/// The generated graph plus entities whose text tests the tokenizer and the bonus: accents, non-ASCII aliases (stored as
/// JSON escapes, which FTS5 indexes as words too), descriptions, names that are prefixes of others, punctuation.
/// </summary>
public sealed class SearchStores() : StoresOverFile(WithTrickyText(ScaleGenerator.Generate(3_000, seed: 13)))
{
    private static GraphDocument WithTrickyText(GraphDocument graph)
    {
        Entity Country(string key, string name, string[] aliases, string? description) =>
            new("Country", key, name, aliases, description, new Dictionary<string, object?> { ["isoCode"] = key[^2..].ToUpperInvariant() }, []);
        Entity[] extra =
        [
            Country("zz-ca", "Côte d'Ivoire", ["Ivory Coast", "Côte-d’Ivoire"], "Cocoa exporter; trade partner of Zürich firms."),
            Country("zz-cb", "Zürich Trade Board", ["ZTB", "Zürcher Handel"], null),
            Country("zz-cc", "Trade", ["Trade Trade trade"], "Trade, trade and more TRADE."),
            Country("zz-cd", "Tradeland", [], "A land named for trade (2024) — Ünïcödé."),
            Country("zz-ce", "Xí Jìnpíng Office", ["Xi Jinping", "习近平"], "Ⅻ twelve №5 ²squared"),
            // A line break inside a name: the bonus is read over the search lines, where it separates two lines.
            Country("zz-cf", "Border\nPost", ["BORDER"], null),
        ];
        return graph with { Entities = [.. graph.Entities, .. extra] };
    }
}

/// <summary>
/// Ranked search from the read model against the SQLite store (FTS5) as the oracle: for many texts — words, prefixes,
/// two-word phrases from names, aliases and descriptions, kinds, page sizes, pages walked by cursor — the same keys,
/// scores (exactly), cursors and page flags; and the memory answered (a change made behind the model's back is not seen
/// by it, while searches with near spellings, which stay with the store, see it).
/// </summary>
public sealed class ReadModelSearchTests(SearchStores stores) : IClassFixture<SearchStores>
{
    [Fact]
    public async Task RankedSearchMatchesTheStoreHitByHit()
    {
        var random = new Random(17);
        var texts = Texts(stores.Graph).OrderBy(t => t, StringComparer.Ordinal).ToList();
        var entityKinds = StoresOverFile.Model.Kinds.Where(k => k.IsEntity).Select(k => k.Name).ToList();
        var compared = 0;
        var hits = 0;
        for (var i = 0; i < 600; i++)
        {
            var text = texts[random.Next(texts.Count)];
            var kinds = random.Next(4) == 0 ? entityKinds.Where(_ => random.Next(2) == 0).ToList() : null;
            var query = new SearchQuery(text, new PageRequest(First: random.Next(6) == 0 ? null : random.Next(0, 16)), kinds,
                Parts: random.Next(2) == 0 ? EntityParts.None : EntityParts.All);
            for (var page = 0; page < 3 && query is not null; page++)
            {
                var expected = await stores.Sqlite.SearchRankedAsync(query, default);
                Assert.Equal(Describe(query, expected), Describe(query, await stores.ReadModel.SearchRankedAsync(query, default)));
                compared++;
                hits += expected.Items.Count;
                query = expected.HasNextPage && expected.Items.Count > 0 ? query with { Page = query.Page with { After = expected.Items[^1].Cursor } } : null;
            }
        }

        // Real pages were compared, many of them walked on by cursor.
        Assert.InRange(compared, 700, 1800);
        Assert.True(hits > 2_000, $"only {hits} hits compared");
    }

    [Theory]
    [InlineData("trade")]
    [InlineData("cote d")]
    [InlineData("zurich")]
    [InlineData("u00fc")]
    [InlineData("xi jinping")]
    [InlineData("习近平")]
    [InlineData("twelve")]
    [InlineData("2024")]
    [InlineData("ztb")]
    [InlineData("tradel")]
    [InlineData("côte d'ivoire")]
    [InlineData("border")]
    [InlineData("post")]
    [InlineData("'trade")]
    [InlineData("(zurich) trade")]
    [InlineData("zurich trade")]
    [InlineData("ivory")]
    [InlineData("cote-d")]
    [InlineData("trade trade")]
    public async Task TrickyTextRanksAsTheStoreRanks(string text)
    {
        var query = new SearchQuery(text, new PageRequest(First: 20));
        var expected = await stores.Sqlite.SearchRankedAsync(query, default);
        Assert.Equal(Describe(query, expected), Describe(query, await stores.ReadModel.SearchRankedAsync(query, default)));
    }

    [Fact]
    public async Task AnswersFromMemoryAndLeavesNearSpellingsToTheStore()
    {
        var other = new StoresOverFileForWrites();
        await other.InitializeAsync();
        try
        {
            // Written to the store directly: the model does not see it, so what answers shows where the answer came from.
            await other.Sqlite.ApplyAsync(new WriteBatch(
                [new CreateEntity(new Entity("Country", "zz-q", "Quuxolandia", [], null, new Dictionary<string, object?> { ["isoCode"] = "QQ" }, []),
                    Upsert: false, new HashSet<string>(), Editorial: true)], "search-test"), default);

            Assert.Single((await other.Sqlite.SearchRankedAsync(new SearchQuery("quuxolandia", new PageRequest()), default)).Items);
            Assert.Empty((await other.ReadModel.SearchRankedAsync(new SearchQuery("quuxolandia", new PageRequest()), default)).Items);
            Assert.Single((await other.ReadModel.SearchRankedAsync(new SearchQuery("quuxolandia", new PageRequest(), Fuzzy: true), default)).Items);

            // Written through the model: seen at once, ranked as the store ranks it.
            await other.ReadModel.ApplyAsync(new WriteBatch(
                [new CreateEntity(new Entity("Country", "zz-r", "Quuxolandia Minor", ["Quux"], "Near quuxolandia.", new Dictionary<string, object?> { ["isoCode"] = "QR" }, []),
                    Upsert: false, new HashSet<string>(), Editorial: true)], "search-test"), default);
            var query = new SearchQuery("quux", new PageRequest());
            Assert.Equal(["zz-r"], (await other.ReadModel.SearchRankedAsync(query, default)).Items.Select(i => i.Value.Entity.Key));
            Assert.Equal(1, other.ReadModel.Loads);
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task WritesKeepTheIndexInStep()
    {
        var other = new StoresOverFileForWrites();
        await other.InitializeAsync();
        try
        {
            var renamed = other.Graph.Entities.First(e => e.Kind == "Official");
            var deleted = other.Graph.Entities.Where(e => e.Kind == "Topic").Skip(1).First();
            await other.ReadModel.ApplyAsync(new WriteBatch(
            [
                new UpdateEntity(renamed.Kind, renamed.Key, "Trade Envoy Renamed", ["Envoy of Trade"], true, "Handles trade.", PropertyValues.EmptyProperties, []),
                new DeleteEntity(deleted.Kind, deleted.Key, Detach: true),
                new CreateEntity(new Entity("Country", "zz-t", "Tradeville", ["Trade Town"], "Trade hub.", new Dictionary<string, object?> { ["isoCode"] = "TT" }, []),
                    Upsert: false, new HashSet<string>(), Editorial: true),
            ], "search-test"), default);

            foreach (var text in new[] { "trade", "envoy", "trade envoy", renamed.Name, deleted.Name, "tradev" })
            {
                var query = new SearchQuery(text, new PageRequest(First: 50));
                Assert.Equal(Describe(query, await other.Sqlite.SearchRankedAsync(query, default)), Describe(query, await other.ReadModel.SearchRankedAsync(query, default)));
            }

            Assert.Equal(1, other.ReadModel.Loads);
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    /// <summary>Words, their prefixes (from one letter), two-word phrases and whole names, from names, aliases and descriptions.</summary>
    private static HashSet<string> Texts(GraphDocument graph)
    {
        var texts = new HashSet<string>(StringComparer.Ordinal) { "a", "zz", "2", "no-such-word" };
        foreach (var entity in graph.Entities)
        {
            texts.Add(entity.Name);
            foreach (var line in entity.Aliases.Prepend(entity.Name).Append(entity.Description ?? ""))
            {
                var words = TextFolding.Words(line);
                foreach (var word in words)
                {
                    texts.Add(word);
                    texts.Add(word[..Math.Min(word.Length, 1 + (word.Length % 4))]);
                }

                for (var i = 0; i + 1 < words.Count; i++)
                {
                    texts.Add(words[i] + " " + words[i + 1].ToUpperInvariant());
                }
            }
        }

        return texts;
    }

    private static string Describe(SearchQuery query, Page<SearchHit> page) =>
        $"{query.Text} {query.Page} kinds={string.Join(",", query.Kinds ?? [])}: next={page.HasNextPage} previous={page.HasPreviousPage}\n"
        + string.Join("\n", page.Items.Select(i => string.Create(CultureInfo.InvariantCulture,
            $"{i.Value.Entity.Key} {i.Value.Score:R} {i.Cursor} {ReadModelParityTests.Describe(i.Value.Entity)}")));

    /// <summary>A small graph of its own, for the tests that write.</summary>
    private sealed class StoresOverFileForWrites() : StoresOverFile(ScaleGenerator.Generate(1_000, seed: 3));
}
