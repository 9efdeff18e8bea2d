using TradeGraph.Core.Analytics;
using static TradeGraph.Core.Tests.Analytics.Graphs;

namespace TradeGraph.Core.Tests.Analytics;

public sealed class NeighbourhoodTests
{
    /// <summary>x at the centre; a and b one hop out, c and d two, e three; q (kind Other) one hop out, leading to z.</summary>
    private static readonly GraphProjection Graph = GraphProjection.Build(
        [Node("x"), Node("a"), Node("b"), Node("c"), Node("d"), Node("e"), Node("q", "Other"), Node("z")],
        [Edge("x", "a"), Edge("b", "x"), Edge("a", "c"), Edge("b", "d"), Edge("c", "e"), Edge("x", "q", "ASIDE"), Edge("q", "z", "ASIDE"), Edge("a", "b", "ASIDE")],
        new ProjectionFilter { Direction = EdgeDirection.Undirected });

    [Fact]
    public void TheNeighbourhoodHoldsTheNodesWithinTheHopsAndTheRelationshipsAmongThem()
    {
        var one = Graph.Neighbourhood("x");

        Assert.Equal([("x", 0), ("a", 1), ("b", 1), ("q", 1)], one.Nodes.Select(n => (n.Key, n.Distance)));
        Assert.Equal(
            [new RelationshipRef("ASIDE", "a", "b"), new RelationshipRef("ASIDE", "x", "q"), new RelationshipRef(Link, "b", "x"), new RelationshipRef(Link, "x", "a")],
            one.Relationships);
        Assert.False(one.Truncated);

        var two = Graph.Neighbourhood("x", new NeighbourhoodOptions { Hops = 2 });
        Assert.Equal(["x", "a", "b", "q", "c", "d", "z"], two.Nodes.Select(n => n.Key));
        Assert.Equal("Other", two.Nodes.Single(n => n.Key == "q").Kind);
    }

    [Fact]
    public void FirstKeepsTheNearestNodesTiesByKey()
    {
        var capped = Graph.Neighbourhood("x", new NeighbourhoodOptions { Hops = 3, First = 5 });

        Assert.Equal(["x", "a", "b", "q", "c"], capped.Nodes.Select(n => n.Key));
        Assert.True(capped.Truncated);
        Assert.DoesNotContain(capped.Relationships, r => r.To == "d" || r.From == "d");

        var exact = Graph.Neighbourhood("x", new NeighbourhoodOptions { Hops = 1, First = 4 });
        Assert.False(exact.Truncated);
        Assert.True(Graph.Neighbourhood("x", new NeighbourhoodOptions { Hops = 2, First = 4 }).Truncated);
    }

    [Fact]
    public void PagesAfterAPlaceWalkTheWholeNeighbourhoodOnceWithTheCentreOnEach()
    {
        var everything = Graph.Neighbourhood("x", new NeighbourhoodOptions { Hops = 3, First = 100 });
        var seen = new List<string>();
        var options = new NeighbourhoodOptions { Hops = 3, First = 3 };
        Subgraph page;
        do
        {
            page = Graph.Neighbourhood("x", options);
            Assert.Equal(("x", 0), (page.Nodes[0].Key, page.Nodes[0].Distance));
            Assert.True(page.Nodes.Count <= 3);
            // The relationships joining the page to the centre are drawn with it.
            Assert.All(page.Relationships, r => Assert.True(page.Nodes.Any(n => n.Key == r.From) && page.Nodes.Any(n => n.Key == r.To)));
            seen.AddRange(page.Nodes.Skip(1).Select(n => n.Key));
            options = options with { After = page.Next };
        }
        while (page.Next is not null);

        Assert.Equal(everything.Nodes.Skip(1).Select(n => n.Key), seen);
        Assert.False(page.Truncated);
        Assert.Equal(new SubgraphPosition(1, "b"), Graph.Neighbourhood("x", new NeighbourhoodOptions { Hops = 3, First = 3 }).Next);

        // A place whose node has gone (or never was) still continues in order.
        var afterGone = Graph.Neighbourhood("x", new NeighbourhoodOptions { Hops = 3, First = 3, After = new SubgraphPosition(1, "bb") });
        Assert.Equal(["x", "q", "c"], afterGone.Nodes.Select(n => n.Key));
    }

    [Fact]
    public void KindsAndTypesLimitWhatIsReachedAndDrawn()
    {
        var nodesOnly = Graph.Neighbourhood("x", new NeighbourhoodOptions { Hops = 3, Kinds = ["Node"] });
        Assert.Equal(["x", "a", "b", "c", "d", "e"], nodesOnly.Nodes.Select(n => n.Key));

        var linksOnly = Graph.Neighbourhood("x", new NeighbourhoodOptions { Hops = 2, RelationshipTypes = [Link] });
        Assert.Equal(["x", "a", "b", "c", "d"], linksOnly.Nodes.Select(n => n.Key));
        Assert.DoesNotContain(linksOnly.Relationships, r => r.Type == "ASIDE");

        var outward = Graph.Neighbourhood("x", new NeighbourhoodOptions { Hops = 2, Direction = EdgeDirection.Directed, RelationshipTypes = [Link] });
        Assert.Equal(["x", "a", "c"], outward.Nodes.Select(n => n.Key));
    }

    [Fact]
    public void AnUnknownCentreHasAnEmptyNeighbourhoodAndZeroHopsIsTheCentre()
    {
        Assert.Same(Subgraph.Empty, Graph.Neighbourhood("nobody"));
        Assert.Equal(["x"], Graph.Neighbourhood("x", new NeighbourhoodOptions { Hops = 0 }).Nodes.Select(n => n.Key));
        Assert.Throws<ArgumentOutOfRangeException>(() => Graph.Neighbourhood("x", new NeighbourhoodOptions { First = 0 }));
    }
}
