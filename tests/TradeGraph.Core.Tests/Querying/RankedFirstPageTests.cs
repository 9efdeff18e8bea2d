using TradeGraph.Core.Analytics;
using TradeGraph.Core.Querying;

namespace TradeGraph.Core.Tests.Querying;

/// <summary>
/// Which first pages by a score are narrowed to the ranking's best entries, and to which: the page and one more of the
/// kind, and every entry tied with the last of them to 12 digits (the store orders those by their exact scores).
/// </summary>
public sealed class RankedFirstPageTests
{
    // Best first as the ranking orders: rounded score, then key. b2 and b1 tie to 12 digits but not exactly.
    private static readonly Ranking Ranked = Ranking.FromRanked(
    [
        new("a", "Official", 0.9, 1),
        new("c1", "Country", 0.8, 2),
        new("b1", "Official", 0.7, 3),
        new("b2", "Official", 0.7 * (1 + 1e-14), 3),
        new("b3", "Official", 0.7, 3),
        new("c2", "Country", 0.7, 3),
        new("d", "Official", 0.5, 7),
        new("e", "Official", 0.4, 8),
    ], iterations: 0, converged: true);

    private static EntityQuery ByScore(PageRequest page, bool current = true, bool descending = true, Filter? filter = null) =>
        new("Official", page, filter, [new ScoreSort(new ScoreTable(ScoreMeasures.PageRank, Ranked, current), descending)]);

    [Theory]
    [InlineData(1, "a b1 b2 b3")] // the page and one more (a, b1), then the rest of b1's tie group
    [InlineData(3, "a b1 b2 b3")]
    [InlineData(4, "a b1 b2 b3 d")]
    [InlineData(5, "a b1 b2 b3 d e")]
    public void TheCandidatesAreThePageAndOneMoreWithTheWholeTieGroupOfTheLast(int first, string expected)
    {
        var narrowed = RankedFirstPage.Narrow(ByScore(new PageRequest(First: first)));

        Assert.NotNull(narrowed);
        var keys = Assert.IsType<FieldComparison>(narrowed.Filter);
        Assert.Equal(("key", ComparisonOperator.In), (keys.Field, keys.Operator));
        Assert.Equal(expected.Split(' '), ((IEnumerable<object?>)keys.Value!).Cast<string>());
        var sort = Assert.IsType<ScoreSort>(Assert.Single(narrowed.SortKeys));
        Assert.True(sort.Descending);
        Assert.Equal(0.7 * (1 + 1e-14), sort.Scores.ScoreOf("b2"));
        Assert.Null(sort.Scores.ScoreOf("c2"));
        Assert.Same(ScoreMeasures.PageRank, sort.Scores.Measure);
    }

    [Fact]
    public void OnlyAFirstPageByTheScoreAloneOfARankingThatDescribesTheGraphNowIsNarrowed()
    {
        Assert.Null(RankedFirstPage.Narrow(ByScore(new PageRequest(First: 2), current: false)));
        Assert.Null(RankedFirstPage.Narrow(ByScore(new PageRequest(First: 2), descending: false)));
        Assert.Null(RankedFirstPage.Narrow(ByScore(new PageRequest(First: 2, After: "x"))));
        Assert.Null(RankedFirstPage.Narrow(ByScore(new PageRequest(Last: 2))));
        Assert.Null(RankedFirstPage.Narrow(ByScore(new PageRequest(First: 2), filter: new FieldComparison("name", ComparisonOperator.Equal, "A"))));
        Assert.Null(RankedFirstPage.Narrow(ByScore(new PageRequest()))); // no size: the whole kind
        Assert.Null(RankedFirstPage.Narrow(ByScore(new PageRequest(First: 6)))); // six officials: fewer than the page and one more
        Assert.Null(RankedFirstPage.Narrow(ByScore(new PageRequest(First: 2)) with
        {
            Order = [new ScoreSort(new ScoreTable(ScoreMeasures.PageRank, Ranked, true), true), new FieldSort("name", false)],
        }));
        Assert.Null(RankedFirstPage.Narrow(ByScore(new PageRequest(First: 2)) with
        {
            Order = [new ScoreSort(new ScoreTable(ScoreMeasures.PageRank, Ranked.Scores), true)],
        }));
        Assert.NotNull(RankedFirstPage.Narrow(ByScore(new PageRequest(First: 2))));
    }

    [Fact]
    public void APageIsTheStoresOwnOnlyWhenMoreCandidatesWereFoundThanItHolds()
    {
        Assert.True(RankedFirstPage.IsComplete(new Page<string>([], HasNextPage: true, HasPreviousPage: false)));
        Assert.False(RankedFirstPage.IsComplete(new Page<string>([new PageItem<string>("a", "c")], HasNextPage: false, HasPreviousPage: false)));
    }

    [Fact]
    public void ATableFromARankingLooksScoresUpAndKeepsItsOrderOnlyWhenItDescribesTheGraphNow()
    {
        var current = new ScoreTable(ScoreMeasures.PageRank, Ranked, describesGraphNow: true);
        var behind = new ScoreTable(ScoreMeasures.PageRank, Ranked, describesGraphNow: false);

        Assert.True(current.IsResolved && behind.IsResolved);
        Assert.Same(Ranked, current.Ranked);
        Assert.Null(behind.Ranked);
        Assert.Equal(0.9, behind.ScoreOf("a"));
        Assert.Null(behind.ScoreOf("zz"));
        Assert.Equal(8, current.Scores.Count);
    }
}
