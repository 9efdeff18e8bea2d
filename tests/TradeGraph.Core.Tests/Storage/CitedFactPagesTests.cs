using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;

namespace TradeGraph.Core.Tests.Storage;

/// <summary>
/// Core's page assembly of cited facts over a recording store (no store): what the store is asked, the empty page of a
/// source it returns nothing for, cursors, the extra row and the flags — what each store used to assemble itself.
/// </summary>
public sealed class CitedFactPagesTests
{
    private static readonly Entity Ada = new("Official", "ada", "Ada", [], null, PropertyValues.EmptyProperties, []);

    [Fact]
    public async Task EverySourceAskedHasAPageAndTheStoreIsAskedWithTheDefaultSizeAndNoPositions()
    {
        var store = new RecordingRows { Rows = { ["memo"] = [Row("¶1", 1), Row(null, 2)] } };

        var pages = await CitedFactPages.ListAsync(store, ["memo", "report", "memo"], new PageRequest(), CancellationToken.None);

        Assert.Equal(["read memo,report,memo forward 11 after - before -"], store.Calls);
        Assert.Equal(["memo", "report"], pages.Keys);
        Assert.Empty(pages["report"].Items);
        Assert.False(pages["report"].HasNextPage);
        Assert.False(pages["report"].HasPreviousPage);
        Assert.Equal(["¶1", null], pages["memo"].Items.Select(i => i.Value.Locator));
        Assert.Equal(["p1", "p2"], pages["memo"].Items.Select(i => i.Cursor));
        Assert.False(pages["memo"].HasNextPage);
        Assert.False(pages["memo"].HasPreviousPage);
    }

    [Fact]
    public async Task NoSourceAsksTheStoreNothing()
    {
        var store = new RecordingRows();

        Assert.Empty(await CitedFactPages.ListAsync(store, [], new PageRequest(First: 2), CancellationToken.None));
        Assert.Empty(store.Calls);
    }

    [Fact]
    public async Task TheExtraRowSaysThereIsMoreAndACursorSaysThereIsSomethingBefore()
    {
        var store = new RecordingRows { Rows = { ["memo"] = [Row("a", 5), Row("b", 6), Row("c", 7)] } };

        var page = (await CitedFactPages.ListAsync(store, ["memo"], new PageRequest(First: 2, After: "p4"), CancellationToken.None))["memo"];

        Assert.Equal(["read memo forward 3 after 4 before -"], store.Calls);
        Assert.Equal(["a", "b"], page.Items.Select(i => i.Value.Locator));
        Assert.True(page.HasNextPage);
        Assert.True(page.HasPreviousPage);
    }

    [Fact]
    public async Task ABackwardPageIsReadInReverseAndFlipped()
    {
        var store = new RecordingRows { Rows = { ["memo"] = [Row("c", 7), Row("b", 6), Row("a", 5)] } };

        var page = (await CitedFactPages.ListAsync(store, ["memo"], new PageRequest(Last: 2, Before: "p8"), CancellationToken.None))["memo"];

        Assert.Equal(["read memo backward 3 after - before 8"], store.Calls);
        Assert.Equal(["b", "c"], page.Items.Select(i => i.Value.Locator));
        Assert.True(page.HasPreviousPage);
        Assert.True(page.HasNextPage);
    }

    [Fact]
    public async Task ASourceWithNothingThereGetsTheFlagsOfThePagingWhetherTheStoreGaveItNoRowsOrLeftItOut()
    {
        // Neo4j's read returns every source asked, SQLite's only those with rows: the pages must not tell them apart.
        var store = new RecordingRows { Rows = { ["memo"] = [] } };

        var after = await CitedFactPages.ListAsync(store, ["memo", "report"], new PageRequest(After: "p9"), CancellationToken.None);
        var before = await CitedFactPages.ListAsync(store, ["memo", "report"], new PageRequest(Last: 2, Before: "p1"), CancellationToken.None);

        foreach (var source in new[] { "memo", "report" })
        {
            Assert.Empty(after[source].Items);
            Assert.True(after[source].HasPreviousPage);
            Assert.False(after[source].HasNextPage);
            Assert.Empty(before[source].Items);
            Assert.True(before[source].HasNextPage);
            Assert.False(before[source].HasPreviousPage);
        }
    }

    [Fact]
    public async Task ACursorTheStoreRefusesIsRefusedBeforeAnyRead()
    {
        var store = new RecordingRows();

        await Assert.ThrowsAsync<FormatException>(() => CitedFactPages.ListAsync(store, ["memo"], new PageRequest(After: "bad"), CancellationToken.None));
        Assert.Empty(store.Calls);
    }

    private static CitedFactRow<Position> Row(string? locator, int position) => new(new CitedFact(locator, Ada, null), new Position(position));

    private sealed record Position(int Value);

    private sealed class RecordingRows : ICitedFactRows<Position>
    {
        public Dictionary<string, IReadOnlyList<CitedFactRow<Position>>> Rows { get; } = new(StringComparer.Ordinal);

        public List<string> Calls { get; } = [];

        public Position DecodeCursor(string cursor) =>
            cursor.StartsWith('p') ? new Position(int.Parse(cursor[1..], System.Globalization.CultureInfo.InvariantCulture)) : throw new FormatException(cursor);

        public string EncodeCursor(Position position) => $"p{position.Value}";

        public Task<IReadOnlyDictionary<string, IReadOnlyList<CitedFactRow<Position>>>> ReadAsync(IReadOnlyCollection<string> sourceKeys, KeysetPaging paging,
            Position? after, Position? before, CancellationToken cancellationToken)
        {
            Calls.Add($"read {string.Join(',', sourceKeys)} {(paging.Forward ? "forward" : "backward")} {paging.Limit} " +
                $"after {after?.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} before {before?.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}");
            return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<CitedFactRow<Position>>>>(Rows);
        }
    }
}
