using TradeGraph.Core.Analytics;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Core.Tests.Querying;

/// <summary>
/// Score measures are declared once (ScoreMeasures); a parsed query names pending tables, and resolving puts complete,
/// immutable tables in their place (nested ones too) before any store sees the query.
/// </summary>
public sealed class ScoreTableTests
{
    private static readonly Dictionary<string, double> PageRanks = new() { ["xi-jinping"] = 0.25, ["donald-trump"] = 0.5 };
    private static readonly Dictionary<string, double> Degrees = new() { ["xi-jinping"] = 7 };

    [Fact]
    public void EachMeasureIsDeclaredOnceWithItsOwnNameFieldAndAlgorithmValue()
    {
        Assert.Equal(["degree", "pagerank", "betweenness", "closeness"], ScoreMeasures.All.Select(m => m.Name));
        Assert.Equal(["degree", "pageRank", "betweenness", "closeness"], ScoreMeasures.All.Select(m => m.Field));
        Assert.Equal(["DEGREE", "PAGE_RANK", "BETWEENNESS", "CLOSENESS"], ScoreMeasures.All.Select(m => m.AlgorithmValue));
        Assert.Same(ScoreMeasures.PageRank, ScoreMeasures.OfField("pageRank"));
        Assert.Null(ScoreMeasures.OfField("pagerank"));
    }

    [Fact]
    public void APendingTableHasNoScoresUntilResolved()
    {
        var pending = ScoreTable.Pending(ScoreMeasures.PageRank);

        Assert.False(pending.IsResolved);
        Assert.Throws<InvalidOperationException>(() => pending.ScoreOf("xi-jinping"));
        Assert.Equal(0.5, new ScoreTable(ScoreMeasures.PageRank, PageRanks).ScoreOf("donald-trump"));
        Assert.Null(new ScoreTable(ScoreMeasures.PageRank, PageRanks).ScoreOf("he-lifeng"));
    }

    [Fact]
    public void ResolvingReplacesEveryPendingTableInsideAndOrNotAndRelationshipConditions()
    {
        var participatesIn = TradeModel.Define().Relationship("PARTICIPATES_IN");
        Filter filter = new AllOf(
        [
            new ScoreComparison(ScoreTable.Pending(ScoreMeasures.PageRank), ComparisonOperator.GreaterThan, 0.1),
            new AnyOf([new Not(new ScoreComparison(ScoreTable.Pending(ScoreMeasures.Degree), ComparisonOperator.LessThan, 2))]),
            new RelationshipFilter(participatesIn, Direction.Outgoing, RelationshipQuantifier.Some,
                new ScoreComparison(ScoreTable.Pending(ScoreMeasures.PageRank), ComparisonOperator.Equal, 0.5), null),
        ]);
        IReadOnlyList<SortKey> order = [new FieldSort("name", false), new ScoreSort(ScoreTable.Pending(ScoreMeasures.Degree), true)];
        var tables = new Dictionary<ScoreMeasure, ScoreTable>
        {
            [ScoreMeasures.PageRank] = new(ScoreMeasures.PageRank, PageRanks),
            [ScoreMeasures.Degree] = new(ScoreMeasures.Degree, Degrees),
        };

        Assert.Equal([ScoreMeasures.Degree, ScoreMeasures.PageRank], ScoreTable.PendingIn(filter, order).OrderBy(m => m.Name));
        var resolvedFilter = ScoreTable.Resolve(filter, tables);
        var resolvedOrder = ScoreTable.Resolve(order, tables);

        Assert.Empty(ScoreTable.PendingIn(resolvedFilter, resolvedOrder));
        Assert.All(ScoreTable.In(resolvedFilter, resolvedOrder), table => Assert.Same(tables[table.Measure], table));
        Assert.Equal(4, ScoreTable.In(resolvedFilter, resolvedOrder).Count());
        // The parsed query is left as it was (immutable): its tables are still pending.
        Assert.Equal(2, ScoreTable.PendingIn(filter, order).Count);
        Assert.Equal(order[0], resolvedOrder![0]);
    }

    [Fact]
    public void AFilterWithoutScoresIsTheSameAfterResolving()
    {
        Filter filter = new FieldComparison("name", ComparisonOperator.Equal, "Xi Jinping");

        Assert.Same(filter, ScoreTable.Resolve(filter, new Dictionary<ScoreMeasure, ScoreTable>()));
    }
}
