using TradeGraph.Core.Analytics;
using static TradeGraph.Core.Tests.Analytics.Graphs;

namespace TradeGraph.Core.Tests.Analytics;

public sealed class PathTests
{
    /// <summary>The example of Yen's algorithm on Wikipedia: its three shortest paths from C to H cost 5, 7 and 8.</summary>
    private static readonly GraphProjection Yen = Weighted(EdgeDirection.Directed,
        "c>d:3", "c>e:2", "d>f:4", "e>d:1", "e>f:2", "e>g:3", "f>g:2", "f>h:1", "g>h:2");

    [Fact]
    public void TheShortestPathHasTheFewestHopsAndNamesItsRelationships()
    {
        var projection = Build(EdgeDirection.Directed, "a>b", "b>c", "c>d", "a>x", "x>d", "d>e");

        var path = projection.ShortestPath("a", "e");

        Assert.Equal(["a", "x", "d", "e"], path.Nodes);
        Assert.Equal([new RelationshipRef(Link, "a", "x"), new RelationshipRef(Link, "x", "d"), new RelationshipRef(Link, "d", "e")], path.Relationships);
        Assert.Equal(3, path.Length);
        Assert.Equal(3, path.Cost);
    }

    [Fact]
    public void NoPathIsAnEmptyAnswerNotAnError()
    {
        var projection = Build(EdgeDirection.Directed, "a>b", "c>b");

        Assert.True(projection.ShortestPath("a", "c").IsEmpty);
        Assert.Same(GraphPath.None, projection.ShortestPath("a", "nobody"));
        Assert.Same(GraphPath.None, projection.WeightedShortestPath("nobody", "a"));
        Assert.Empty(projection.KShortestPaths("a", "c", 3));
        Assert.Equal(["a", "b", "c"], projection.ShortestPath("a", "c", new PathOptions { Direction = EdgeDirection.Undirected }).Nodes);
        Assert.Equal(["c", "b", "a"], projection.ShortestPath("c", "a", new PathOptions { Direction = EdgeDirection.Undirected }).Nodes);
        Assert.True(projection.ShortestPath("b", "a").IsEmpty);
        Assert.Equal(["b", "a"], projection.ShortestPath("b", "a", new PathOptions { Direction = EdgeDirection.Reverse }).Nodes);
    }

    [Fact]
    public void APathFromANodeToItselfIsThatNode()
    {
        var projection = Build(EdgeDirection.Directed, "a>b");

        var path = projection.ShortestPath("a", "a");

        Assert.Equal(["a"], path.Nodes);
        Assert.Empty(path.Relationships);
        Assert.False(path.IsEmpty);
        Assert.Equal([path], projection.KShortestPaths("a", "a", 3));
    }

    [Fact]
    public void MaxHopsAndRelationshipTypesLimitTheSearch()
    {
        var projection = GraphProjection.Build(
            [Node("a"), Node("b"), Node("c"), Node("d")],
            [Edge("a", "b", "X"), Edge("b", "c", "X"), Edge("c", "d", "X"), Edge("a", "d", "Y")]);

        Assert.Equal(1, projection.ShortestPath("a", "d").Length);
        Assert.Equal(["a", "b", "c", "d"], projection.ShortestPath("a", "d", new PathOptions { RelationshipTypes = ["X"] }).Nodes);
        Assert.True(projection.ShortestPath("a", "d", new PathOptions { RelationshipTypes = ["X"], MaxHops = 2 }).IsEmpty);
        Assert.Equal(3, projection.ShortestPath("a", "d", new PathOptions { RelationshipTypes = ["X"], MaxHops = 3 }).Length);
        Assert.True(projection.ShortestPath("a", "d", new PathOptions { RelationshipTypes = ["NOT_THERE"] }).IsEmpty);
    }

    [Fact]
    public void TheWeightedShortestPathIsTheCheapest()
    {
        var path = Yen.WeightedShortestPath("c", "h");

        Assert.Equal(["c", "e", "f", "h"], path.Nodes);
        Assert.Equal(5, path.Cost);
        Assert.Equal(3, path.Length);
        Assert.Equal(["c", "d", "f", "h"], Yen.ShortestPath("c", "h").Nodes);
    }

    [Fact]
    public void AWeightedPathWithAHopLimitIsTheCheapestWithinIt()
    {
        var projection = Weighted(EdgeDirection.Directed, "a>b:1", "b>c:1", "c>d:1", "a>d:10", "a>c:5");

        Assert.Equal("a-b-c-d:3", Summary(projection.WeightedShortestPath("a", "d")));
        Assert.Equal("a-b-c-d:3", Summary(projection.WeightedShortestPath("a", "d", new PathOptions { MaxHops = 3 })));
        Assert.Equal("a-c-d:6", Summary(projection.WeightedShortestPath("a", "d", new PathOptions { MaxHops = 2 })));
        Assert.Equal("a-d:10", Summary(projection.WeightedShortestPath("a", "d", new PathOptions { MaxHops = 1 })));
        Assert.True(projection.WeightedShortestPath("a", "d", new PathOptions { MaxHops = 0 }).IsEmpty);
    }

    [Fact]
    public void AnotherPropertyCanWeighAPath()
    {
        var projection = GraphProjection.Build(
            [Node("a"), Node("b"), Node("c")],
            [
                Edge("a", "c", properties: new Dictionary<string, object?> { ["km"] = 100L }),
                Edge("a", "b", properties: new Dictionary<string, object?> { ["km"] = 10L }),
                Edge("b", "c", properties: new Dictionary<string, object?> { ["km"] = 20L }),
            ]);

        Assert.Equal("a-c:1", Summary(projection.WeightedShortestPath("a", "c")));
        Assert.Equal("a-b-c:30", Summary(projection.WeightedShortestPath("a", "c", new PathOptions { WeightProperty = "km" })));
    }

    [Fact]
    public void YenFindsTheFirstSecondAndThirdShortestPaths()
    {
        var paths = Yen.KShortestPaths("c", "h", 3, new PathOptions { Weighted = true });

        Assert.Equal(
            ["c-e-f-h:5", "c-e-g-h:7", "c-d-f-h:8"],
            paths.Select(Summary));
    }

    [Fact]
    public void YenListsEveryLooplessPathWhenAskedForMore()
    {
        var paths = Yen.KShortestPaths("c", "h", 10, new PathOptions { Weighted = true });

        // Every loopless path from c to h, by cost, then hops, then keys: c-e-d-f-h also costs 8 but has 4 hops.
        Assert.Equal(
        [
            "c-e-f-h:5", "c-e-g-h:7", "c-d-f-h:8", "c-e-d-f-h:8",
            "c-e-f-g-h:8", "c-d-f-g-h:11", "c-e-d-f-g-h:11",
        ], paths.Select(Summary));
    }

    [Fact]
    public void UnweightedYenRanksByHopsThenByKeys()
    {
        var paths = Yen.KShortestPaths("c", "h", 4);

        Assert.Equal(
            ["c-d-f-h:3", "c-e-f-h:3", "c-e-g-h:3", "c-d-f-g-h:4"],
            paths.Select(Summary));
        Assert.Equal(3, Yen.KShortestPaths("c", "h", 10, new PathOptions { MaxHops = 3 }).Count);
        Assert.Equal(
            ["c-e-f-h:5", "c-e-g-h:7", "c-d-f-h:8"],
            Yen.KShortestPaths("c", "h", 10, new PathOptions { Weighted = true, MaxHops = 3 }).Select(Summary));
    }

    [Fact]
    public void ParallelRelationshipsAreDifferentPaths()
    {
        var projection = GraphProjection.Build([Node("a"), Node("b")], [Edge("a", "b", "X"), Edge("a", "b", "Y")]);

        var paths = projection.KShortestPaths("a", "b", 5);

        Assert.Equal(["X", "Y"], paths.Select(p => p.Relationships.Single().Type));
    }

    [Fact]
    public void KIsBounded()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Yen.KShortestPaths("c", "h", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Yen.KShortestPaths("c", "h", PathFinding.MaxK + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Yen.ShortestPath("c", "h", new PathOptions { MaxHops = -1 }));
    }

    [Fact]
    public void CancelledSearchesStop()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => Yen.ShortestPath("c", "h", null, cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => Yen.WeightedShortestPath("c", "h", null, cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => Yen.KShortestPaths("c", "h", 3, null, cancelled.Token));
    }

    /// <summary>"c-e-f-h:5": the nodes walked and the cost.</summary>
    private static string Summary(GraphPath path) => $"{string.Join('-', path.Nodes)}:{path.Cost}";
}
