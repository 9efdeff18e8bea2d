using TradeGraph.Core.Analytics;
using TradeGraph.Core.Graph;
using static TradeGraph.Core.Tests.Analytics.Graphs;

namespace TradeGraph.Core.Tests.Analytics;

/// <summary>The topology every projection is built from: arrays in key order, only what projections read.</summary>
public sealed class TopologyTests
{
    private static readonly Entity[] Nodes =
    [
        Node("zoe", "Official"), Node("Ann", "Official"),
        Node("talks", "Meeting", new Dictionary<string, object?> { ["endsOn"] = new DateOnly(2025, 10, 26), ["startsOn"] = new DateOnly(2025, 10, 25), ["format"] = "TALKS" }),
    ];

    private static readonly Relationship[] Links =
    [
        Edge("zoe", "talks", "PARTICIPATES_IN", new Dictionary<string, object?> { ["hours"] = 2L, ["role"] = "LEAD" }),
        Edge("Ann", "talks", "PARTICIPATES_IN", new Dictionary<string, object?> { ["on"] = new DateOnly(2025, 10, 25) }),
        Edge("zoe", "nobody", "KNOWS"),
    ];

    [Fact]
    public void NodesAreInOrdinalKeyOrderWithTheirKindsAndDateSpans()
    {
        var topology = GraphTopology.From(Nodes, Links);

        Assert.Equal(["Ann", "talks", "zoe"], topology.EntityKeys);
        Assert.Equal(["Official", "Meeting", "Official"], Enumerable.Range(0, 3).Select(v => topology.KindNames[topology.NodeKind[v]]));
        Assert.Equal((new DateOnly(2025, 10, 25).DayNumber, new DateOnly(2025, 10, 26).DayNumber), (topology.NodeEarliest[1], topology.NodeLatest[1]));
        Assert.Equal(GraphTopology.Undated, topology.NodeEarliest[0]);
    }

    [Fact]
    public void RelationshipsKeepTheirEndsDatesAndValuesAndOnesToAnUnknownEndAreLeftOut()
    {
        var topology = GraphTopology.From(Nodes, Links);

        Assert.Equal(2, topology.RelationshipCount);
        var zoe = Enumerable.Range(0, 2).Single(r => topology.Keys[topology.RelationshipFrom[r]] == "zoe");
        Assert.Equal("talks", topology.Keys[topology.RelationshipTo[zoe]]);
        Assert.Equal(2L, topology.RelationshipValue(zoe, "hours"));
        Assert.Null(topology.RelationshipValue(1 - zoe, "hours"));
        Assert.Equal((GraphTopology.Undated, GraphTopology.Undated), topology.RelationshipDates(zoe));
        Assert.Equal(new DateOnly(2025, 10, 25).DayNumber, topology.RelationshipDates(1 - zoe).Earliest);
    }

    [Fact]
    public void AProjectionOfEveryNodeSharesTheTopologysKeysAndOneOfSomeKindsHasItsOwn()
    {
        var topology = GraphTopology.From(Nodes, Links);

        var everything = GraphProjection.Build(topology);
        var officials = GraphProjection.Build(topology, new ProjectionFilter { Kinds = ["Official"] });

        Assert.True(everything.TryGetId("zoe", out var id));
        Assert.Same(topology.Keys[2], everything.Key(id));
        Assert.Equal(["Ann", "zoe"], Enumerable.Range(0, officials.NodeCount).Select(officials.Key));
        Assert.False(officials.Contains("talks"));
        Assert.Equal(new RelationshipRef("PARTICIPATES_IN", "Ann", "talks"), everything.Relationship(0));
    }

    [Fact]
    public void TheStoresReadOnlyTheDatesOfKindsAndTheDatesAndNumbersOfTypes()
    {
        var model = TradeGraph.Core.Model.TradeModel.Define();

        Assert.Equal(["startsOn", "endsOn"], GraphTopology.NeededProperties(model.Kind("Meeting")).Select(p => p.Name));
        Assert.Empty(GraphTopology.NeededProperties(model.Kind("Official")));
        Assert.Equal(["order", "startsOn", "endsOn"], GraphTopology.NeededProperties(model.Relationship("VISITS")).Select(p => p.Name));
        Assert.Empty(GraphTopology.NeededProperties(model.Relationship("PARTICIPATES_IN")));
    }

    [Fact]
    public void ADuplicateKeyIsRefused() =>
        Assert.Throws<ArgumentException>(() => GraphTopology.From([Node("a"), Node("a")], []));
}
