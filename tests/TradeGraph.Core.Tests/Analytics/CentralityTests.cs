using TradeGraph.Core.Analytics;
using static TradeGraph.Core.Tests.Analytics.Graphs;

namespace TradeGraph.Core.Tests.Analytics;

public sealed class CentralityTests
{
    private const double Exact = 1e-9;
    private static readonly string[] Path = ["a>b", "b>c", "c>d", "d>e"];
    private static readonly string[] Star = ["l1>c", "l2>c", "l3>c", "l4>c"];

    [Fact]
    public void PageRankOnACycleIsOneOverNForEveryNodeAndAllShareRankOne()
    {
        var ranking = Build(EdgeDirection.Directed, "a>b", "b>c", "c>d", "d>e", "e>a").PageRank();

        Assert.All(ranking, s => Assert.Equal(0.2, s.Score, Exact));
        Assert.All(ranking, s => Assert.Equal(1, s.Rank));
        Assert.Equal(["a", "b", "c", "d", "e"], ranking.Select(s => s.Key));
        Assert.True(ranking.Converged);
    }

    [Fact]
    public void PageRankOnAnUndirectedStarHasItsClosedForm()
    {
        // centre = (1 + d(n − 1)) / (n(1 + d)); each leaf gets the rest evenly. n = 5, d = 0.85: 4.4 / 9.25.
        var ranking = Build(EdgeDirection.Undirected, Star).PageRank();

        var centre = 4.4 / 9.25;
        Assert.Equal(("c", 1), (ranking[0].Key, ranking[0].Rank));
        Assert.Equal(centre, ranking[0].Score, Exact);
        Assert.All(ranking.Skip(1), s => Assert.Equal((1 - centre) / 4, s.Score, Exact));
        Assert.All(ranking.Skip(1), s => Assert.Equal(2, s.Rank));
        Assert.Equal(["c", "l1", "l2", "l3", "l4"], ranking.Select(s => s.Key));
    }

    [Fact]
    public void PageRankSpreadsADanglingCentreEvenly()
    {
        // Leaves point at a centre that points nowhere: centre = (1 + d(n − 1)) / (n + d(n − 1)) = 4.4 / 8.4.
        var ranking = Build(EdgeDirection.Directed, Star).PageRank();

        Assert.Equal(4.4 / 8.4, ranking.ScoreOf("c")!.Value, Exact);
        Assert.Equal((1 - (4.4 / 8.4)) / 4, ranking.ScoreOf("l1")!.Value, Exact);
        Assert.Equal(1, ranking.Sum(s => s.Score), Exact);
    }

    [Fact]
    public void PageRankFollowsWeights()
    {
        // a sends 3/4 of its share to b and 1/4 to c; b and c send everything back to a.
        var ranking = Weighted(EdgeDirection.Directed, "a>b:3", "a>c:1", "b>a:1", "c>a:1").PageRank();
        var unweighted = Weighted(EdgeDirection.Directed, "a>b:3", "a>c:1", "b>a:1", "c>a:1").PageRank(new PageRankOptions { Weighted = false });

        // a = 0.05 + 0.85(b + c) = 0.05 + 0.85(1 − a); b = 0.05 + 0.85 · 0.75a.
        var a = 0.9 / 1.85;
        Assert.Equal(a, ranking.ScoreOf("a")!.Value, Exact);
        Assert.Equal(0.05 + (0.85 * 0.75 * a), ranking.ScoreOf("b")!.Value, Exact);
        Assert.Equal(unweighted.ScoreOf("b")!.Value, unweighted.ScoreOf("c")!.Value, Exact);
    }

    [Fact]
    public void PageRankReportsAnIterationLimitReachedFirst()
    {
        var ranking = Build(EdgeDirection.Undirected, Star).PageRank(new PageRankOptions { MaxIterations = 3 });

        Assert.False(ranking.Converged);
        Assert.Equal(3, ranking.Iterations);
        Assert.Equal(1, ranking.Sum(s => s.Score), Exact);
    }

    [Fact]
    public void BetweennessOnAnUndirectedPathCountsThePairsThroughEachMiddleNode()
    {
        var projection = Build(EdgeDirection.Undirected, Path);

        AssertScores([0, 3, 4, 3, 0], projection.Betweenness());
        AssertScores([0, 0.5, 4d / 6, 0.5, 0], projection.Betweenness(new BetweennessOptions { Normalized = true }));
        Assert.Equal(["c", "b", "d", "a", "e"], projection.Betweenness().Select(s => s.Key));
        Assert.Equal([1, 2, 2, 4, 4], projection.Betweenness().Select(s => s.Rank));
    }

    [Fact]
    public void BetweennessOnADirectedPathCountsOrderedPairs()
    {
        var projection = Build(EdgeDirection.Directed, Path);

        AssertScores([0, 3, 4, 3, 0], projection.Betweenness());
        AssertScores([0, 0.25, 4d / 12, 0.25, 0], projection.Betweenness(new BetweennessOptions { Normalized = true }));
    }

    [Fact]
    public void BetweennessSplitsBetweenEqualShortestPaths()
    {
        // a–b–d and a–c–d are both shortest: b and c carry half of the pair (a, d) each.
        var projection = Build(EdgeDirection.Undirected, "a>b", "a>c", "b>d", "c>d");

        AssertScores([0.5, 0.5, 0.5, 0.5], projection.Betweenness());
    }

    [Fact]
    public void SampledBetweennessIsRepeatableAndExactWhenTheSampleIsEveryNode()
    {
        var projection = Random(7, 60, 150, EdgeDirection.Undirected);
        var exact = Scores(projection.Betweenness());

        Assert.Equal(exact, Scores(projection.Betweenness(new BetweennessOptions { SampleSize = 60 })));
        var sampled = Scores(projection.Betweenness(new BetweennessOptions { SampleSize = 20, Seed = 3 }));
        Assert.Equal(sampled, Scores(projection.Betweenness(new BetweennessOptions { SampleSize = 20, Seed = 3 })));
        Assert.NotEqual(exact, sampled);

        // Scaled by n / sample, the estimate's total is of the exact total's order.
        Assert.InRange(sampled.Sum() / exact.Sum(), 0.5, 2);
    }

    [Fact]
    public void ClosenessOnAPath()
    {
        var projection = Build(EdgeDirection.Undirected, Path);

        AssertScores([0.4, 4d / 7, 2d / 3, 4d / 7, 0.4], projection.Closeness());
        AssertScores([25d / 48, 17d / 24, 0.75, 17d / 24, 25d / 48], projection.Closeness(new ClosenessOptions { Formula = ClosenessFormula.Harmonic }));

        // Directed: from each node forward only; Wasserman–Faust scales by the share of nodes reached.
        AssertScores([0.4, 0.375, 1d / 3, 0.25, 0], Build(EdgeDirection.Directed, Path).Closeness());
    }

    [Fact]
    public void ClosenessOfADisconnectedGraphUsesTheReachablePart()
    {
        var projection = Build(new ProjectionFilter { Direction = EdgeDirection.Undirected }, ["c"], "a>b");

        AssertScores([0.5, 0.5, 0], projection.Closeness());
        AssertScores([0.5, 0.5, 0], projection.Closeness(new ClosenessOptions { Formula = ClosenessFormula.Harmonic }));
    }

    [Fact]
    public void SampledClosenessIsRepeatableAndEstimatesTheExactScores()
    {
        var projection = Random(7, 300, 900, EdgeDirection.Undirected);
        var exact = Scores(projection.Closeness());

        var sampled = Scores(projection.Closeness(new ClosenessOptions { SampleSize = 100, Seed = 3 }));
        Assert.Equal(sampled, Scores(projection.Closeness(new ClosenessOptions { SampleSize = 100, Seed = 3 })));
        Assert.NotEqual(exact, sampled);
        Assert.Equal(exact, Scores(projection.Closeness(new ClosenessOptions { SampleSize = 300 })));

        // Each score is a ratio estimate of the exact one: close for every node, not only on average.
        for (var v = 0; v < exact.Length; v++)
        {
            Assert.InRange(sampled[v], exact[v] * 0.85, exact[v] * 1.15);
        }

        var harmonicExact = Scores(projection.Closeness(new ClosenessOptions { Formula = ClosenessFormula.Harmonic }));
        var harmonicSampled = Scores(projection.Closeness(new ClosenessOptions { Formula = ClosenessFormula.Harmonic, SampleSize = 100, Seed = 3 }));
        Assert.InRange(harmonicSampled.Sum() / harmonicExact.Sum(), 0.9, 1.1);
    }

    [Fact]
    public void SampledClosenessMeasuresDistancesFromTheNodeAlongTheDirection()
    {
        // a → b → c → d → e: a reaches every other node, e none; sampled closeness must keep that (a search from the
        // targets along the direction would give the reverse).
        var sampled = Build(EdgeDirection.Directed, Path).Closeness(new ClosenessOptions { SampleSize = 4, Seed = 1 });

        Assert.Equal(0, sampled.ScoreOf("e"));
        Assert.True(sampled.ScoreOf("a") > 0);
        Assert.True(sampled.ScoreOf("a") > sampled.ScoreOf("d"));
    }

    [Fact]
    public void DegreeCountsRelationshipsInTheProjectionsDirection()
    {
        AssertScores([4, 1, 1, 1, 1], Build(EdgeDirection.Undirected, Star).Degree());
        AssertScores([1, 0.25, 0.25, 0.25, 0.25], Build(EdgeDirection.Undirected, Star).Degree(new DegreeOptions { Normalized = true }));
        AssertScores([0, 1, 1, 1, 1], Build(EdgeDirection.Directed, Star).Degree());
        AssertScores([4, 0, 0, 0, 0], Build(EdgeDirection.Reverse, Star).Degree());
        AssertScores([3, 4, 1], Weighted(EdgeDirection.Undirected, "a>b:3", "b>c:1").Degree(new DegreeOptions { Weighted = true }));
    }

    [Fact]
    public void ARankingCanBeNarrowedToKindsAndRankedAgain()
    {
        var projection = GraphProjection.Build(
            [Node("hub", "Meeting"), Node("ann", "Official"), Node("bob", "Official"), Node("cy", "Official")],
            [Edge("ann", "hub"), Edge("bob", "hub"), Edge("cy", "hub"), Edge("ann", "bob")],
            new ProjectionFilter { Direction = EdgeDirection.Undirected });

        var officials = projection.Degree().OfKinds(["Official"]);

        Assert.Equal([("ann", 1), ("bob", 1), ("cy", 3)], officials.Select(s => (s.Key, s.Rank)));
        Assert.True(officials.TryGet("cy", out var cy));
        Assert.Equal(1, cy.Score);
        Assert.Null(officials.ScoreOf("hub"));
    }

    [Fact]
    public void CancelledMeasuresStop()
    {
        var projection = Build(EdgeDirection.Undirected, Path);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => projection.Degree(null, cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => projection.PageRank(null, cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => projection.Betweenness(null, cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => projection.Closeness(null, cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => projection.Closeness(new ClosenessOptions { SampleSize = 2 }, cancelled.Token));
    }

    /// <summary>Scores in node (key) order.</summary>
    private static double[] Scores(Ranking ranking) => [.. ranking.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Score)];

    private static void AssertScores(double[] expected, Ranking ranking)
    {
        var actual = Scores(ranking);
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], Exact);
        }
    }
}
