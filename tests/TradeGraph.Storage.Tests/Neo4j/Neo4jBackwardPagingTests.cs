using TradeGraph.Core.Querying;
using TradeGraph.Storage.Tests.Contract;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// Backward pages of ranked search and cited facts through the Neo4j store, acted out by the fake (the contract suite runs
/// the same walks on a real Neo4j when one is named): the statements' cursors and directions meet the same items both ways.
/// </summary>
public sealed class Neo4jBackwardPagingTests : IAsyncLifetime
{
    private const string Report = "report-2025-10-23-us-china-kl-talks";
    private FakeNeo4j _fake = null!;
    private TradeGraph.Storage.Neo4j.Neo4jGraphStore _store = null!;

    public async Task InitializeAsync() => (_fake, _store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Seed);

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("trade")]
    [InlineData("china")]
    public async Task RankedSearchPagesBackTheWayItPagesForward(string text)
    {
        await BackwardPaging.AssertBothWaysAgreeAsync(
            page => _store.SearchRankedAsync(new SearchQuery(text, page, Parts: EntityParts.None), CancellationToken.None),
            hit => $"{hit.Entity.Key} {hit.Score}", size: 3);
    }

    [Fact]
    public async Task CitedFactsPageBackTheWayTheyPageForward()
    {
        var facts = await BackwardPaging.AssertBothWaysAgreeAsync(
            async page => (await _store.ListCitedFactsAsync([Report], page, CancellationToken.None))[Report],
            fact => $"{fact.Locator} {fact.Entity?.Key} {fact.Relationship?.Type}({fact.Relationship?.From},{fact.Relationship?.To})", size: 7);

        Assert.True(facts.Count > 7);
        Assert.Contains(_fake.Statements, s => s.Text.Contains("locator DESC", StringComparison.Ordinal));
    }
}
