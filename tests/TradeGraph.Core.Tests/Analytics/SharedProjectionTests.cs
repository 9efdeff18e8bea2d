using TradeGraph.Core.Analytics;

namespace TradeGraph.Core.Tests.Analytics;

/// <summary>
/// A projection walked in another direction or weighed by a property shares the arrays of the one it comes from
/// (issue 13: one copy of the whole graph, not one per filter), and answers exactly as one built apart.
/// </summary>
public sealed class SharedProjectionTests
{
    private static readonly GraphTopology Topology = GraphTopology.From(SyntheticTradeGraph.Generate(3_000));

    private static GraphProjection Built(EdgeDirection direction, string? weight = null) =>
        GraphProjection.Build(Topology, new ProjectionFilter { Direction = direction, WeightProperty = weight });

    [Theory]
    [InlineData(EdgeDirection.Undirected, EdgeDirection.Directed)]
    [InlineData(EdgeDirection.Directed, EdgeDirection.Reverse)]
    [InlineData(EdgeDirection.Reverse, EdgeDirection.Undirected)]
    public void AnotherDirectionSharesTheArraysAndAnswersAsABuiltOne(EdgeDirection from, EdgeDirection to)
    {
        var source = Built(from);
        var shared = source.WithDirection(to);
        var apart = Built(to);

        Assert.Equal(apart.Filter, shared.Filter);
        Assert.Same(source.Out, shared.Out);
        Assert.Same(source.In, shared.In);
        Assert.Same(source.Arcs(EdgeDirection.Undirected), shared.Arcs(EdgeDirection.Undirected));
        Assert.Same(source, source.WithDirection(from));
        Assert.Equal(apart.PageRank(), shared.PageRank());
        Assert.Equal(apart.Degree(), shared.Degree());
        Assert.Equal(apart.Closeness(new ClosenessOptions { SampleSize = 64 }), shared.Closeness(new ClosenessOptions { SampleSize = 64 }));
        Assert.Equal(Communities(apart.Louvain()), Communities(shared.Louvain()));
        var keys = Topology.EntityKeys;
        for (var i = 0; i < 20; i++)
        {
            var (a, b) = (keys[(i * 131) % keys.Count], keys[(i * 977) % keys.Count]);
            Assert.Equal(Describe(apart.ShortestPath(a, b)), Describe(shared.ShortestPath(a, b)));
        }
    }

    [Fact]
    public void AWeightSharesEveryArrayButTheWeightsAndAnswersAsABuiltOne()
    {
        var unweighted = Built(EdgeDirection.Undirected);
        var shared = unweighted.WithWeight("weight");
        var apart = Built(EdgeDirection.Undirected, "weight");

        Assert.Equal(apart.Filter, shared.Filter);
        Assert.Same(unweighted.Out, shared.Out);
        Assert.Equal(0, unweighted.WeightBytes);
        Assert.Equal(sizeof(double) * (long)apart.RelationshipCount, shared.WeightBytes);
        Assert.Equal(apart.Weights, shared.Weights);
        Assert.Equal(apart.PageRank(new PageRankOptions { Weighted = true }), shared.PageRank(new PageRankOptions { Weighted = true }));
        Assert.Equal(Communities(apart.Louvain()), Communities(shared.Louvain()));
        var keys = Topology.EntityKeys;
        for (var i = 0; i < 20; i++)
        {
            var (a, b) = (keys[(i * 131) % keys.Count], keys[(i * 977) % keys.Count]);
            Assert.Equal(Describe(apart.WeightedShortestPath(a, b)), Describe(shared.WeightedShortestPath(a, b)));
        }

        Assert.Same(shared, shared.WithWeight("weight"));
        Assert.Equal(unweighted.Weights, shared.WithWeight(null).Weights);
    }

    [Fact]
    public void AWeightThatIsNotANumberIsRefusedAsABuildRefusesIt()
    {
        var unweighted = GraphProjection.Build(
            [Graphs.Node("a"), Graphs.Node("b")],
            [Graphs.Edge("a", "b", properties: new Dictionary<string, object?> { ["cost"] = "high" })]);

        var built = Assert.Throws<InvalidProjectionArgumentException>(() => GraphProjection.Build(
            [Graphs.Node("a"), Graphs.Node("b")],
            [Graphs.Edge("a", "b", properties: new Dictionary<string, object?> { ["cost"] = "high" })],
            new ProjectionFilter { WeightProperty = "cost" }));
        var shared = Assert.Throws<InvalidProjectionArgumentException>(() => unweighted.WithWeight("cost"));
        Assert.Equal(built.Message, shared.Message);
    }

    [Fact]
    public void RankingsAndCommunitiesShareTheProjectionsKeysAndAnswerByKey()
    {
        var projection = Built(EdgeDirection.Undirected);
        var ranking = projection.PageRank();
        var communities = projection.WeaklyConnectedComponents();

        // Every key answers from the arrays as the entries read in order say.
        foreach (var entry in ranking)
        {
            Assert.True(ranking.TryGet(entry.Key, out var found));
            Assert.Equal(entry, found);
            Assert.Equal(entry.Score, ranking.ScoreOf(entry.Key));
            Assert.Equal(entry.Score, ranking.Scores[entry.Key]);
        }

        foreach (var community in communities.Communities)
        {
            Assert.All(community.Members, key => Assert.Same(community, communities.CommunityOf(key)));
        }

        Assert.False(ranking.TryGet("no such key", out _));
        Assert.Null(ranking.ScoreOf("no such key"));
        Assert.Null(communities.CommunityOf("no such key"));
        Assert.Equal(projection.NodeCount, communities.Communities.Sum(c => c.Members.Count));

        // Arrays of a few words per node, not a record and dictionary entries per node.
        Assert.InRange(ranking.EstimatedBytes, 1, 100L * projection.NodeCount);
        Assert.InRange(communities.EstimatedBytes, 1, (8L * projection.NodeCount) + (64L * communities.Communities.Count));
    }

    private static string Describe(GraphPath path) => $"{string.Join(' ', path.Nodes)} / {path.Cost}";

    private static List<string> Communities(CommunitySet set) => [.. set.Communities.Select(c => string.Join(' ', c.Members))];
}
