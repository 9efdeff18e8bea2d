using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Passages;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Tests.Neo4j;
using TradeGraph.Storage.Tests.Sqlite;

namespace TradeGraph.Storage.Tests.Contract;

/// <summary>
/// Passage word search finds what SQLite's FTS5 (unicode61, remove_diacritics 2) finds — any word of the question as a
/// prefix of a word of the paragraph — for the words a full-text analyzer is apt to treat otherwise (issue 19, F1–F3, as
/// <see cref="SearchWordsContract"/> for entities): stop words ("of", "the", "and" are words), letters that do not decompose
/// and so are not folded (ø ł ß æ đ œ: "soren" finds nothing on either store), apostrophes, periods and commas inside words
/// (o'brien, people's, u.s, 1,000 — split into words on both sides, so "brien" and "000" are words too). The store primitive
/// is asked with the words Core's PassageSearch sends. A backend says how to make an empty store.
/// </summary>
public abstract class PassageSearchWordsContract : IAsyncLifetime
{
    protected static readonly GraphModel Model = TradeModel.Define();

    private const string Memo = "memo";

    private IGraphStore _store = null!;

    protected abstract Task<IGraphStore> CreateStoreAsync();

    protected virtual string? UnavailableReason => null;

    /// <summary>The memo's paragraphs: each case's words are chosen to be found in known paragraphs only.</summary>
    private static readonly Passage[] Paragraphs =
    [
        new(Memo, 1, "Bank of China lends."),
        new(Memo, 2, "Søren Berg visits Łódź."),
        new(Memo, 3, "Ærø and Đà Nẵng host the Œuvre."),
        new(Memo, 4, "Conan O'Brien praises People's Congress."),
        new(Memo, 5, "Tariffs on 1,000 lines, cut by U.S. envoys."),
        new(Memo, 6, "Straße des 17. Juni."),
    ];

    public async Task InitializeAsync()
    {
        if (UnavailableReason is not null)
        {
            return;
        }

        _store = await CreateStoreAsync();
        await _store.ImportAsync(Neo4jFixtures.Tiny, CancellationToken.None);
        await ((IPassageStore)_store).SavePassagesAsync(Memo, Paragraphs, CancellationToken.None);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

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
    // Apostrophes, periods and commas split words (standard-folding kept o'brien, people's, u.s, 1,000 whole).
    [InlineData("brien", "4")]
    [InlineData("O'Brien", "1 4 5")]
    [InlineData("o’brien", "1 4 5")]
    [InlineData("people", "4")]
    [InlineData("000", "5")]
    [InlineData("1,000", "5 6")]
    [InlineData("U.S.", "2 4 5 6")]
    [InlineData("17. Juni", "6")]
    public async Task FindsWhatFts5Finds(string text, string expected)
    {
        Skip.If(UnavailableReason is not null, UnavailableReason);

        var found = await ((IPassageStore)_store).SearchPassagesAsync(TextFolding.DistinctWords(text), 20, CancellationToken.None);

        Assert.Equal(expected, string.Join(" ", found.Select(p => p.Paragraph).Order()));
    }
}

/// <summary>The passage search-words contract on SQLite (FTS5) in a real file: the reference.</summary>
public sealed class SqlitePassageSearchWordsContractTests : PassageSearchWordsContract
{
    private readonly TempSqliteStore _sqlite = new();

    protected override async Task<IGraphStore> CreateStoreAsync() => await _sqlite.OpenAsync(Model);

    public override Task DisposeAsync()
    {
        _sqlite.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The passage search-words contract on the Neo4j store over the fake, whose index tokenises as the whitespace analyzer does.</summary>
public sealed class Neo4jFakePassageSearchWordsContractTests : PassageSearchWordsContract
{
    protected override async Task<IGraphStore> CreateStoreAsync() => await Neo4jFixtures.EmptyStoreAsync();
}

/// <summary>The passage search-words contract on a real Neo4j when NEO4J_URI is set (the database is emptied first); skipped, saying so, otherwise.</summary>
public sealed class Neo4jPassageSearchWordsContractTests : PassageSearchWordsContract, IDisposable
{
    private readonly RealNeo4j _neo4j = new();

    protected override string? UnavailableReason => RealNeo4j.UnavailableReason;

    protected override async Task<IGraphStore> CreateStoreAsync() => await _neo4j.EmptyStoreAsync();

    public void Dispose() => _neo4j.Dispose();
}
