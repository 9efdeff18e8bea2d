using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Tests.Contract;

/// <summary>
/// Backward keyset pages (last / before) of ranked search and of a source's cited facts (the seed's report, as the
/// writes' tests cite it), on every store.
/// </summary>
public abstract partial class GraphStoreContract
{
    [SkippableTheory]
    [InlineData("trade")]
    [InlineData("china")]
    public async Task RankedSearchPagesBackTheWayItPagesForward(string text)
    {
        SkipUnlessAvailable();

        var hits = await BackwardPaging.AssertBothWaysAgreeAsync(
            page => Store.SearchRankedAsync(new SearchQuery(text, page, Parts: EntityParts.None), CancellationToken.None),
            hit => $"{hit.Entity.Key} {hit.Score}", size: 3);

        var all = await Store.SearchRankedAsync(new SearchQuery(text, new PageRequest(First: 50), Parts: EntityParts.None), CancellationToken.None);
        Assert.Equal(all.Items.Select(i => $"{i.Value.Entity.Key} {i.Value.Score}"), hits);
    }

    [SkippableFact]
    public async Task CitedFactsPageBackTheWayTheyPageForward()
    {
        SkipUnlessAvailable();

        await BackwardPaging.AssertBothWaysAgreeAsync(
            async page => (await Store.ListCitedFactsAsync([Report], page, CancellationToken.None))[Report],
            fact => $"{fact.Locator} {fact.Entity?.Key} {fact.Relationship?.Type}({fact.Relationship?.From},{fact.Relationship?.To})", size: 7);
    }

    [SkippableFact]
    public async Task ABackwardPageOfSeveralSourcesIsEachSourcesOwn()
    {
        SkipUnlessAvailable();
        var sources = SeedDocument.Entities.Where(e => e.Kind == GraphModel.SourceKind).Select(e => e.Key).ToList();

        var together = await Store.ListCitedFactsAsync(sources, new PageRequest(Last: 4), CancellationToken.None);

        foreach (var source in sources)
        {
            var alone = (await Store.ListCitedFactsAsync([source], new PageRequest(Last: 4), CancellationToken.None))[source];
            Assert.Equal(alone.Items.Select(i => i.Cursor), together[source].Items.Select(i => i.Cursor));
        }
    }

    [SkippableFact]
    public async Task AnEmptyPageAfterACursorHasThePagingsFlagsForEverySourceAsked()
    {
        SkipUnlessAvailable();
        var first = (await Store.ListCitedFactsAsync([Report], new PageRequest(First: 200), CancellationToken.None))[Report];
        Assert.False(first.HasNextPage);
        var end = first.Items[^1].Cursor;
        const string citesNothing = "no-such-source";

        // Past the report's last fact: nothing to read, for the report and for a source that cites nothing.
        var after = await Store.ListCitedFactsAsync([Report, citesNothing], new PageRequest(First: 5, After: end), CancellationToken.None);
        var before = await Store.ListCitedFactsAsync([Report, citesNothing], new PageRequest(Last: 5, Before: first.Items[0].Cursor), CancellationToken.None);

        foreach (var source in new[] { Report, citesNothing })
        {
            Assert.Empty(after[source].Items);
            Assert.True(after[source].HasPreviousPage, $"{source}: a page after a cursor assumes facts before it");
            Assert.False(after[source].HasNextPage);
            Assert.Empty(before[source].Items);
            Assert.True(before[source].HasNextPage, $"{source}: a page before a cursor assumes facts after it");
            Assert.False(before[source].HasPreviousPage);
        }
    }

    [SkippableFact]
    public async Task ABeforeCursorThatIsNoCursorIsRefused()
    {
        SkipUnlessAvailable();

        await Assert.ThrowsAsync<InvalidCursorException>(() =>
            Store.SearchRankedAsync(new SearchQuery("trade", new PageRequest(Last: 2, Before: "bm90LWEtY3Vyc29y")), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidCursorException>(() =>
            Store.ListCitedFactsAsync([Report], new PageRequest(Last: 2, Before: "eA=="), CancellationToken.None));
    }
}
