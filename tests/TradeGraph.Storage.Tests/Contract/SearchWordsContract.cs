using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Passages;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Tests.Neo4j;
using TradeGraph.Storage.Tests.Sqlite;

namespace TradeGraph.Storage.Tests.Contract;

/// <summary>
/// Ranked search finds what SQLite's FTS5 (unicode61, remove_diacritics 2) finds for the words a full-text analyzer is
/// apt to treat otherwise (issue 19, F1–F3): stop words ("Bank of China"), letters that do not decompose and so are not
/// folded (ø ł ß æ đ œ: "soren" does not find "Søren" on either store), and apostrophes, periods and commas inside words
/// (o'brien, u.s, people's, 1,000 — split into words on both sides). Passage word search (any word of the question as a
/// prefix, asked with the words Core's PassageSearch sends) meets the same cases, so "of", "brien" and "000" are words there
/// too. A backend says how to make an empty store.
/// </summary>
public abstract class SearchWordsContract : IAsyncLifetime
{
    protected static readonly GraphModel Model = TradeModel.Define();

    private IGraphStore _store = null!;

    protected abstract Task<IGraphStore> CreateStoreAsync();

    protected virtual string? UnavailableReason => null;

    /// <summary>The entities, each citing the memo: names with stop words, non-decomposing letters and inner punctuation.</summary>
    public static GraphDocument Document { get; } = new(
        [
            Neo4jFixtures.Entity("Source", "memo", "Memo", [], null, new(), ("memo", "¶0")),
            Neo4jFixtures.Entity("Organization", "bank-of-china", "Bank of China", [], null, new(), ("memo", "¶1")),
            Neo4jFixtures.Entity("Organization", "pboc", "People's Bank of China", ["PBOC"], null, new(), ("memo", "¶1")),
            Neo4jFixtures.Entity("Organization", "ustr", "USTR", ["Office of the U.S. Trade Representative"], null, new(), ("memo", "¶2")),
            Neo4jFixtures.Entity("Official", "soren-berg", "Søren Berg", [], "Envoy to Ærø and Đà Nẵng.", new(), ("memo", "¶3")),
            Neo4jFixtures.Entity("Place", "lodz", "Łódź", [], null, new(), ("memo", "¶3")),
            Neo4jFixtures.Entity("Place", "strasse", "Straße des 17. Juni", [], "A boulevard; the Œuvre was shown there.", new(), ("memo", "¶4")),
            Neo4jFixtures.Entity("Official", "conan-obrien", "Conan O'Brien", [], null, new(), ("memo", "¶5")),
            Neo4jFixtures.Entity("Topic", "tariff-lines", "Tariffs on 1,000 tariff lines", [], null, new(), ("memo", "¶6")),
            Neo4jFixtures.Entity("Official", "maria-f", "Maria F", ["Fernández"], null, new(), ("memo", "¶7")),
        ],
        []);

    /// <summary>The memo's paragraphs: each passage case's words are chosen to be found in known paragraphs only.</summary>
    private static readonly Passage[] Paragraphs =
    [
        new("memo", 1, "Bank of China lends."),
        new("memo", 2, "Søren Berg visits Łódź."),
        new("memo", 3, "Ærø and Đà Nẵng host the Œuvre."),
        new("memo", 4, "Conan O'Brien praises People's Congress."),
        new("memo", 5, "Tariffs on 1,000 lines, cut by U.S. envoys."),
        new("memo", 6, "Straße des 17. Juni."),
    ];

    public async Task InitializeAsync()
    {
        if (UnavailableReason is not null)
        {
            return;
        }

        _store = await CreateStoreAsync();
        await _store.ImportAsync(Document, CancellationToken.None);
        await ((IPassageStore)_store).SavePassagesAsync("memo", Paragraphs, CancellationToken.None);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [SkippableTheory]
    [InlineData("Bank of China", "bank-of-china pboc")]
    [InlineData("of", "bank-of-china pboc ustr")]
    [InlineData("the U.S.", "ustr")]
    [InlineData("Office of the", "ustr")]
    [InlineData("Søren", "soren-berg")]
    [InlineData("SØREN berg", "soren-berg")]
    [InlineData("soren", "")]
    [InlineData("Łódź", "lodz")]
    [InlineData("lodz", "")]
    [InlineData("Straße", "strasse")]
    [InlineData("strasse", "")]
    [InlineData("ærø", "soren-berg")]
    [InlineData("đà nẵng", "soren-berg")]
    [InlineData("œuvre", "strasse")]
    [InlineData("O'Brien", "conan-obrien")]
    [InlineData("o’brien", "conan-obrien")]
    [InlineData("brien", "conan-obrien")]
    [InlineData("People's", "pboc")]
    [InlineData("people", "pboc")]
    [InlineData("1,000", "tariff-lines")]
    [InlineData("000 lines", "tariff-lines")]
    [InlineData("17. Juni", "strasse")]
    // An alias is searched by its own spelling, never by the JSON escape it was once stored as ("fern" + "u00e1ndez").
    [InlineData("Fernández", "maria-f")]
    [InlineData("fernandez", "maria-f")]
    [InlineData("u00e1ndez", "")]
    public Task FindsWhatFts5Finds(string text, string expected) => AssertFindsAsync(expected, async () =>
        (await _store.SearchRankedAsync(new SearchQuery(text, new PageRequest(First: 20)), CancellationToken.None)).Items.Select(i => i.Value.Entity.Key));

    [SkippableFact]
    public async Task AWordOfTheNameRanksTheEntityAboveOneThatOnlyShares()
    {
        Skip.If(UnavailableReason is not null, UnavailableReason);

        var page = await _store.SearchRankedAsync(new SearchQuery("Bank of China", new PageRequest(First: 20)), CancellationToken.None);

        // The name that is the text itself gets the exact-name boost on every store.
        Assert.Equal("bank-of-china", page.Items[0].Value.Entity.Key);
    }

    [SkippableTheory]
    // Stop words are words (standard-folding dropped them from the index: these found nothing).
    [InlineData("of", "1")]
    [InlineData("the", "3")]
    [InlineData("and", "3")]
    [InlineData("of the", "1 3")]
    [InlineData("Bank of China", "1")]
    // Letters that do not decompose stay as they are on both sides (standard-folding made them ASCII in the index only).
    [InlineData("Søren", "2")]
    [InlineData("SØREN", "2")]
    [InlineData("soren", "")]
    [InlineData("Łódź", "2")]
    [InlineData("lodz", "")]
    [InlineData("Straße", "6")]
    [InlineData("strasse", "")]
    [InlineData("ærø", "3")]
    [InlineData("đà nẵng", "3")]
    [InlineData("œuvre", "3")]
    // Apostrophes, periods and commas split words (standard-folding kept o'brien, people's, u.s, 1,000 whole); any word
    // may match, so "o" finds "of" and "on", "1" finds "17" and "s" finds "søren", "straße".
    [InlineData("brien", "4")]
    [InlineData("O'Brien", "1 4 5")]
    [InlineData("o’brien", "1 4 5")]
    [InlineData("people", "4")]
    [InlineData("000", "5")]
    [InlineData("1,000", "5 6")]
    [InlineData("U.S.", "2 4 5 6")]
    [InlineData("17. Juni", "6")]
    public Task PassageSearchFindsWhatFts5Finds(string text, string expected) => AssertFindsAsync(expected, async () =>
        (await ((IPassageStore)_store).SearchPassagesAsync(TextFolding.DistinctWords(text), 20, CancellationToken.None)).Select(p => $"{p.Paragraph}"));

    /// <summary>What the search found (entity keys, paragraph numbers), in ordinal order, space-joined, is <paramref name="expected"/>.</summary>
    private async Task AssertFindsAsync(string expected, Func<Task<IEnumerable<string>>> search)
    {
        Skip.If(UnavailableReason is not null, UnavailableReason);

        Assert.Equal(expected, string.Join(" ", (await search()).Order(StringComparer.Ordinal)));
    }
}

/// <summary>The search-words contract on SQLite (FTS5) in a real file: the reference.</summary>
public sealed class SqliteSearchWordsContractTests : SearchWordsContract
{
    private readonly TempSqliteStore _sqlite = new();

    protected override async Task<IGraphStore> CreateStoreAsync() => await _sqlite.OpenAsync(Model);

    public override Task DisposeAsync()
    {
        _sqlite.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The search-words contract on the Neo4j store over the fake, whose index tokenises as the whitespace analyzer does.</summary>
public sealed class Neo4jFakeSearchWordsContractTests : SearchWordsContract
{
    protected override async Task<IGraphStore> CreateStoreAsync() => await Neo4jFixtures.EmptyStoreAsync();
}

/// <summary>The search-words contract on a real Neo4j when NEO4J_URI is set (the database is emptied first); skipped, saying so, otherwise.</summary>
public sealed class Neo4jSearchWordsContractTests : SearchWordsContract, IDisposable
{
    private readonly RealNeo4j _neo4j = new();

    protected override string? UnavailableReason => RealNeo4j.UnavailableReason;

    protected override async Task<IGraphStore> CreateStoreAsync() => await _neo4j.EmptyStoreAsync();

    public void Dispose() => _neo4j.Dispose();
}
