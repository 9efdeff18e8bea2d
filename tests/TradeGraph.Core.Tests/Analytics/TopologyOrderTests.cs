using TradeGraph.Core.Analytics;
using static TradeGraph.Core.Tests.Analytics.Graphs;

namespace TradeGraph.Core.Tests.Analytics;

/// <summary>
/// A topology holds its relationships in the order a whole-graph projection numbers them (issue 13), so that projection
/// shares its arrays; every relationship keeps its own weight and dates wherever it moves, parallel relationships keep
/// their order, and a filtered projection is what it was.
/// </summary>
public sealed class TopologyOrderTests
{
    // Scrambled: types out of ordinal order, ends out of key order, two parallel relationships (c>a of type B, weights 4 then 5).
    private static readonly (string Type, string From, string To, double Weight, string? On)[] Given =
    [
        ("B", "c", "a", 4, "2024-03-01"), ("A", "b", "c", 1, null), ("B", "a", "b", 2, "2024-01-01"),
        ("A", "a", "c", 3, "2025-06-01"), ("B", "c", "a", 5, null), ("A", "a", "b", 6, "2023-01-01"),
    ];

    [Fact]
    public void TheWholeGraphProjectionSharesTheTopologysArraysAndEveryRelationshipKeepsItsWeight()
    {
        var topology = Topology();
        var whole = GraphProjection.Build(topology, new ProjectionFilter { WeightProperty = "w" });

        Assert.Same(topology.RelationshipFrom, whole.RelationshipFrom);
        Assert.Same(topology.RelationshipTo, whole.RelationshipTo);
        Assert.Same(topology.RelationshipTypeIds, whole.RelationshipType);
        Assert.Equal(Expected(_ => true), Relationships(whole));
        Assert.Equal(Expected(_ => true), Relationships(whole.WithWeight(null).WithWeight("w")));
    }

    [Fact]
    public void AFilteredProjectionHoldsItsOwnRelationshipsInTheSameOrderAsBefore()
    {
        var topology = Topology();
        var ofB = GraphProjection.Build(topology, new ProjectionFilter { RelationshipTypes = ["B"], WeightProperty = "w" });
        var dated = GraphProjection.Build(topology, new ProjectionFilter
        {
            DateWindow = new DateWindow(new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)),
            WeightProperty = "w",
        });

        Assert.NotSame(topology.RelationshipFrom, ofB.RelationshipFrom);
        Assert.Equal(Expected(r => r.Type == "B"), Relationships(ofB));
        // A relationship's dates moved with it: the two dated in 2024 and the undated ones (a window admits those).
        Assert.Equal(Expected(r => r.On is null || r.On.StartsWith("2024", StringComparison.Ordinal)), Relationships(dated));
    }

    private static GraphTopology Topology() => GraphTopology.From(
        [Node("c"), Node("a"), Node("b")],
        Given.Select(r => Edge(r.From, r.To, r.Type, new Dictionary<string, object?>
        {
            ["w"] = r.Weight,
            ["on"] = r.On is null ? null : DateOnly.Parse(r.On, System.Globalization.CultureInfo.InvariantCulture),
        })));

    /// <summary>By (type, from, to) in ordinal order, parallel ones in their given order: the projection's numbering.</summary>
    private static List<(string, string, string, double)> Expected(Func<(string Type, string From, string To, double Weight, string? On), bool> keep) =>
        [.. Given.Where(keep).OrderBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.From, StringComparer.Ordinal)
            .ThenBy(r => r.To, StringComparer.Ordinal).Select(r => (r.Type, r.From, r.To, r.Weight))];

    private static List<(string, string, string, double)> Relationships(GraphProjection projection) =>
        [.. Enumerable.Range(0, projection.RelationshipCount).Select(id =>
        {
            var r = projection.Relationship(id);
            return (r.Type, r.From, r.To, projection.Weight(id));
        })];
}
