using TradeGraph.Core.Analytics;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Storage;
using static TradeGraph.Core.Tests.Analytics.Graphs;

namespace TradeGraph.Core.Tests.Analytics;

public sealed class ProjectionTests
{
    private static readonly Entity[] People =
    [
        Node("zoe", "Official"), Node("ann", "Official"), Node("talks", "Meeting", Dated(2025, 10, 25, 2025, 10, 26)),
        Node("summit", "Meeting", Dated(2025, 10, 31, 2025, 11, 1)), Node("undated", "Meeting"), Node("china", "Country"),
    ];

    private static readonly Relationship[] Links =
    [
        Edge("zoe", "talks", "PARTICIPATES_IN", new Dictionary<string, object?> { ["hours"] = 2L }),
        Edge("ann", "talks", "PARTICIPATES_IN", new Dictionary<string, object?> { ["hours"] = 0.5 }),
        Edge("ann", "summit", "PARTICIPATES_IN"),
        Edge("zoe", "undated", "PARTICIPATES_IN"),
        Edge("zoe", "china", "REPRESENTS"),
        Edge("talks", "summit", "PREPARES_FOR"),
    ];

    [Fact]
    public void NodesAreNumberedInKeyOrderAndRelationshipsInTypeFromToOrder()
    {
        var projection = GraphProjection.Build(People, Links);

        Assert.Equal(["ann", "china", "summit", "talks", "undated", "zoe"], Enumerable.Range(0, projection.NodeCount).Select(projection.Key));
        Assert.Equal(
            ["PARTICIPATES_IN ann summit", "PARTICIPATES_IN ann talks", "PARTICIPATES_IN zoe talks", "PARTICIPATES_IN zoe undated",
             "PREPARES_FOR talks summit", "REPRESENTS zoe china"],
            Enumerable.Range(0, projection.RelationshipCount).Select(projection.Relationship).Select(r => $"{r.Type} {r.From} {r.To}"));
        Assert.True(projection.TryGetId("talks", out var talks));
        Assert.Equal(3, talks);
        Assert.Equal("Meeting", projection.Kind(talks));
        Assert.Equal(["Country", "Meeting", "Official"], projection.Kinds);
        Assert.Equal(["PARTICIPATES_IN", "PREPARES_FOR", "REPRESENTS"], projection.RelationshipTypes);
        Assert.Equal(12, projection.Size);
    }

    [Fact]
    public void RelationshipIdsFollowTypeThenFromKeyThenToKey()
    {
        var projection = GraphProjection.Build(People, Links);

        var order = Enumerable.Range(0, projection.RelationshipCount).Select(r => projection.Relationship(r)).Select(r => (r.Type, r.From, r.To)).ToList();
        Assert.Equal(order.OrderBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.From, StringComparer.Ordinal).ThenBy(r => r.To, StringComparer.Ordinal), order);
    }

    [Fact]
    public void KindsAndTypesFilterAndRelationshipsToDroppedNodesGo()
    {
        var projection = GraphProjection.Build(People, Links, new ProjectionFilter { Kinds = ["Official", "Meeting"], RelationshipTypes = ["PARTICIPATES_IN", "REPRESENTS"] });

        Assert.False(projection.Contains("china"));
        Assert.Equal(5, projection.NodeCount);
        Assert.Equal(4, projection.RelationshipCount);
        Assert.All(Enumerable.Range(0, projection.RelationshipCount), r => Assert.Equal("PARTICIPATES_IN", projection.Relationship(r).Type));
    }

    [Fact]
    public void ADateWindowKeepsEventsWhoseDatesOverlapItAndUndatedOnesUnlessAsked()
    {
        var october = new DateWindow(new DateOnly(2025, 10, 1), new DateOnly(2025, 10, 31));

        var projection = GraphProjection.Build(People, Links, new ProjectionFilter { DateWindow = october });
        Assert.True(projection.Contains("talks"));
        Assert.True(projection.Contains("summit"), "the summit starts on the window's last day");
        Assert.True(projection.Contains("undated"));
        Assert.True(projection.Contains("zoe"));

        var strict = GraphProjection.Build(People, Links, new ProjectionFilter { DateWindow = october with { IncludeUndated = false } });
        Assert.Equal(["summit", "talks"], Enumerable.Range(0, strict.NodeCount).Select(strict.Key));

        var before = GraphProjection.Build(People, Links, new ProjectionFilter { DateWindow = new DateWindow(null, new DateOnly(2025, 10, 30)) });
        Assert.False(before.Contains("summit"));
        Assert.DoesNotContain(Enumerable.Range(0, before.RelationshipCount), r => before.Relationship(r).To == "summit");
    }

    [Fact]
    public void ADatedRelationshipOutsideTheWindowIsDropped()
    {
        var spoke = Edge("zoe", "ann", "SPOKE_TO", new Dictionary<string, object?> { ["on"] = new DateOnly(2024, 1, 1) });
        var projection = GraphProjection.Build(People, [.. Links, spoke], new ProjectionFilter { DateWindow = new DateWindow(new DateOnly(2025, 1, 1), null) });

        Assert.DoesNotContain("SPOKE_TO", projection.RelationshipTypes);
        Assert.Contains("REPRESENTS", projection.RelationshipTypes);
    }

    [Fact]
    public void WeightsComeFromANumericPropertyElseOne()
    {
        var projection = GraphProjection.Build(People, Links, new ProjectionFilter { WeightProperty = "hours" });

        var weights = Enumerable.Range(0, projection.RelationshipCount)
            .ToDictionary(r => $"{projection.Relationship(r).From}>{projection.Relationship(r).To}", projection.Weight);
        Assert.Equal(2, weights["zoe>talks"]);
        Assert.Equal(0.5, weights["ann>talks"]);
        Assert.Equal(1, weights["ann>summit"]);
    }

    [Theory]
    [InlineData("text", "not a number")]
    [InlineData(-1.0, "not a finite non-negative number")]
    [InlineData(double.NaN, "not a finite non-negative number")]
    public void ABadWeightIsRefusedNamingTheRelationship(object weight, string reason)
    {
        var bad = Edge("zoe", "ann", "KNOWS", new Dictionary<string, object?> { ["hours"] = weight });

        var error = Assert.Throws<InvalidProjectionArgumentException>(() => GraphProjection.Build(People, [bad], new ProjectionFilter { WeightProperty = "hours" }));
        Assert.Equal("weightProperty", error.Argument);
        Assert.Contains("KNOWS zoe → ann", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AProjectionOverTheLimitThrowsNamingTheSizeAndTheLimit()
    {
        var error = Assert.Throws<ProjectionTooLargeException>(() => GraphProjection.Build(People, Links, new ProjectionFilter { MaxSize = 11 }));

        Assert.Equal(12, error.Size);
        Assert.Equal(6, error.NodeCount);
        Assert.Equal(6, error.RelationshipCount);
        Assert.Equal(11, error.Limit);
        Assert.Equal(
            "The projection would hold 12 nodes and relationships (6 nodes, 6 relationships); the limit is 11. Narrow it with node kinds, relationship types or a date window.",
            error.Message);
        Assert.Equal(12, GraphProjection.Build(People, Links, new ProjectionFilter { MaxSize = 12 }).Size);
    }

    [Fact]
    public void DuplicateKeysAndBackwardWindowsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => GraphProjection.Build([Node("a"), Node("a")], []));
        Assert.Throws<InvalidProjectionArgumentException>(() => GraphProjection.Build(People, Links,
            new ProjectionFilter { DateWindow = new DateWindow(new DateOnly(2025, 2, 1), new DateOnly(2025, 1, 1)) }));
    }

    [Fact]
    public void FiltersAreEqualWhenTheyKeepTheSameThings()
    {
        var a = new ProjectionFilter { Kinds = ["Official", "Meeting"], RelationshipTypes = ["PARTICIPATES_IN"] };
        var b = new ProjectionFilter { Kinds = ["Meeting", "Official", "Meeting"], RelationshipTypes = ["PARTICIPATES_IN"] };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Direction = EdgeDirection.Undirected });
        Assert.NotEqual(a, a with { DateWindow = new DateWindow(new DateOnly(2025, 1, 1), null) });
        Assert.NotEqual(a, ProjectionFilter.All);
    }

    [Fact]
    public void TheSizeCanBeEstimatedFromTheStoresCounts()
    {
        var statistics = new GraphStatistics(
            new Dictionary<string, long> { ["Official"] = 7, ["Meeting"] = 3, ["Country"] = 8 },
            new Dictionary<string, long> { ["PARTICIPATES_IN"] = 7, ["REPRESENTS"] = 7 });

        Assert.Equal(17, new ProjectionFilter { Kinds = ["Official", "Meeting"], RelationshipTypes = ["PARTICIPATES_IN"] }.EstimateSize(statistics));
        Assert.Equal(32, ProjectionFilter.All.EstimateSize(statistics));
    }

    [Fact]
    public void ACancelledBuildStops()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => GraphProjection.Build(People, Links, null, cancelled.Token));
    }

    private static Dictionary<string, object?> Dated(int y1, int m1, int d1, int y2, int m2, int d2) =>
        new() { ["startsOn"] = new DateOnly(y1, m1, d1), ["endsOn"] = new DateOnly(y2, m2, d2) };
}
