using TradeGraph.Core.Analytics;
using static TradeGraph.Core.Tests.Analytics.Graphs;

namespace TradeGraph.Core.Tests.Analytics;

public sealed class CommunityTests
{
    /// <summary>Two 4-cliques joined by the one edge a4–b1.</summary>
    private static readonly string[] TwoCliques =
    [
        "a1>a2", "a1>a3", "a1>a4", "a2>a3", "a2>a4", "a3>a4",
        "b1>b2", "b1>b3", "b1>b4", "b2>b3", "b2>b4", "b3>b4",
        "a4>b1",
    ];

    [Fact]
    public void LouvainSplitsTwoCliquesJoinedByOneEdge()
    {
        var communities = Build(EdgeDirection.Undirected, TwoCliques).Louvain();

        Assert.Equal(
            [(0, 4, "a1 a2 a3 a4"), (1, 4, "b1 b2 b3 b4")],
            communities.Communities.Select(c => (c.Id, c.Size, string.Join(' ', c.Members))));

        // m = 13 edges; each clique has 6 inside (in_c = 12) and degree total 13: Q = 2 (12/26 − (13/26)²) = 11/26.
        Assert.Equal(11d / 26, communities.Modularity, 12);
        Assert.Equal(0, communities.CommunityOf("a3")!.Id);
        Assert.Equal(1, communities.CommunityOf("b1")!.Id);
        Assert.Null(communities.CommunityOf("nobody"));
    }

    [Fact]
    public void LouvainIgnoresTheProjectionsDirectionAndIsTheSameForAnySeed()
    {
        var expected = new[] { "a1 a2 a3 a4", "b1 b2 b3 b4" };

        foreach (var direction in Enum.GetValues<EdgeDirection>())
        {
            Assert.Equal(expected, Build(direction, TwoCliques).Louvain().Communities.Select(c => string.Join(' ', c.Members)));
        }

        for (var seed = 0; seed < 10; seed++)
        {
            var communities = Build(EdgeDirection.Undirected, TwoCliques).Louvain(new LouvainOptions { Seed = seed });
            Assert.Equal(expected, communities.Communities.Select(c => string.Join(' ', c.Members)));
            Assert.Equal(11d / 26, communities.Modularity, 12);
        }
    }

    [Fact]
    public void LouvainFindsTheTrianglesOfARing()
    {
        // A ring of six triangles, each joined to the next by one edge: the triangles are the communities.
        var edges = new List<string>();
        for (var t = 0; t < 6; t++)
        {
            edges.AddRange([$"t{t}a>t{t}b", $"t{t}b>t{t}c", $"t{t}a>t{t}c", $"t{t}c>t{(t + 1) % 6}a"]);
        }

        var communities = Build(EdgeDirection.Undirected, [.. edges]).Louvain();

        Assert.Equal(6, communities.Communities.Count);
        Assert.All(communities.Communities, c => Assert.Single(c.Members.Select(m => m[..2]).Distinct()));

        // m = 24; each triangle: in_c = 6, tot_c = 8: Q = 6 (6/48 − (8/48)²) = 0.75 − 1/6.
        Assert.Equal(0.75 - (1d / 6), communities.Modularity, 12);
    }

    [Fact]
    public void ComponentsOfAForest()
    {
        var projection = Build(new ProjectionFilter(), ["f"], "b>a", "c>a", "d>e", "g>h", "h>i", "j>i");

        var components = projection.WeaklyConnectedComponents();

        Assert.Equal(["g h i j", "a b c", "d e", "f"], components.Communities.Select(c => string.Join(' ', c.Members)));
        Assert.Equal([0, 1, 2, 3], components.Communities.Select(c => c.Id));
        Assert.Equal([4, 3, 2, 1], components.Communities.Select(c => c.Size));
        Assert.Equal(components.CommunityOf("j"), components.CommunityOf("g"));
        Assert.Equal(0, components.Levels);
    }

    [Fact]
    public void ComponentsReportTheirModularity()
    {
        // Two triangles, no edge between: each component is a community with in_c = 6, tot_c = 6, m = 6.
        var components = Build(EdgeDirection.Directed, "a>b", "b>c", "c>a", "x>y", "y>z", "z>x").WeaklyConnectedComponents();

        Assert.Equal(0.5, components.Modularity, 12);
    }

    [Fact]
    public void AnEmptyOrEdgelessProjectionHasSingletonsAndNoModularity()
    {
        Assert.Empty(GraphProjection.Build([], []).Louvain().Communities);
        var lonely = Build(new ProjectionFilter(), ["x", "y"]).Louvain();
        Assert.Equal(["x", "y"], lonely.Communities.Select(c => c.Members.Single()));
        Assert.Equal(0, lonely.Modularity);
    }

    [Fact]
    public void CancelledDetectionStops()
    {
        var projection = Build(EdgeDirection.Undirected, TwoCliques);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => projection.Louvain(null, cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => projection.WeaklyConnectedComponents(cancelled.Token));
    }
}
