using TradeGraph.Core.Analytics;
using static TradeGraph.Core.Tests.Analytics.Graphs;

namespace TradeGraph.Core.Tests.Analytics;

/// <summary>
/// The fewest-hops search goes from both ends, but must answer exactly as a breadth-first search from the source
/// alone: the same path among equally short ones, the same relationships among parallel ones, under every direction,
/// type filter and hop limit. The reference below is that one-sided search, as the projection's arcs give it.
/// </summary>
public sealed class FewestHopsTests
{
    [Theory]
    [MemberData(nameof(InvariantTests.Cases), MemberType = typeof(InvariantTests))]
    public void TheSearchFromBothEndsFindsThePathTheSearchFromTheSourceFinds(int seed, EdgeDirection direction)
    {
        // Sparse and dense graphs, so that paths of every length up to the diameter, ties and dead ends all occur.
        var nodes = 60 + (seed * 20);
        var projection = Random(seed, nodes, nodes * (seed % 2 == 0 ? 2 : 5), direction);
        var random = new Random(seed);
        var compared = 0;
        for (var query = 0; query < 400; query++)
        {
            var from = random.Next(projection.NodeCount);
            var to = random.Next(projection.NodeCount);
            var hops = query % 5 == 0 ? (int?)random.Next(0, 5) : null;
            var types = query % 4 == 1 ? new[] { "A" } : null;
            var walk = query % 7 == 3 ? (EdgeDirection?)Enum.GetValues<EdgeDirection>()[random.Next(3)] : null;
            var options = new PathOptions { MaxHops = hops, RelationshipTypes = types, Direction = walk };

            var expected = ReferencePath(projection, from, to, hops ?? int.MaxValue, walk ?? direction, projection.TypeMask(types));
            var found = projection.ShortestPath(projection.Key(from), projection.Key(to), options);

            Assert.Equal(expected, found);
            compared += found.IsEmpty ? 0 : 1;
        }

        Assert.True(compared > 80, $"only {compared} of the queries had a path");
    }

    [Fact]
    public void ASearchLeavesNothingBehindForTheNext()
    {
        // The kept arrays are reset by what each search touched: a second projection, smaller or larger, answers as new.
        var small = Build(EdgeDirection.Directed, "a>b", "b>c");
        var large = Random(9, 500, 1500, EdgeDirection.Undirected);

        Assert.Equal(["a", "b", "c"], small.ShortestPath("a", "c").Nodes);
        for (var i = 0; i < 20; i++)
        {
            var from = (i * 37) % large.NodeCount;
            var to = (i * 91) % large.NodeCount;
            Assert.Equal(ReferencePath(large, from, to, int.MaxValue, EdgeDirection.Undirected, null), large.ShortestPath(large.Key(from), large.Key(to)));
            Assert.True(small.ShortestPath("c", "a").IsEmpty);
        }
    }

    [Fact]
    public void ACancelledSearchLeavesTheKeptArraysClean()
    {
        var large = Random(10, 3000, 9000, EdgeDirection.Undirected);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => large.ShortestPath(large.Key(0), large.Key(1), cancellationToken: cancelled.Token));

        Assert.Equal(ReferencePath(large, 0, 1, int.MaxValue, EdgeDirection.Undirected, null), large.ShortestPath(large.Key(0), large.Key(1)));
    }

    /// <summary>Breadth-first from the source, each node reached over its earliest-queued neighbour's first arc to it.</summary>
    private static GraphPath ReferencePath(GraphProjection projection, int source, int target, int hops, EdgeDirection direction, bool[]? types)
    {
        if (source == target)
        {
            return new GraphPath([projection.Key(source)], [], 0);
        }

        var arcs = projection.Arcs(direction);
        var depth = Enumerable.Repeat(-1, projection.NodeCount).ToArray();
        var parentNode = new int[projection.NodeCount];
        var parentRelationship = new int[projection.NodeCount];
        var queue = new Queue<int>([source]);
        depth[source] = 0;
        while (queue.TryDequeue(out var u))
        {
            if (depth[u] >= hops)
            {
                continue;
            }

            for (var k = arcs.Start[u]; k < arcs.Start[u + 1]; k++)
            {
                var v = arcs.Neighbour[k];
                if (depth[v] >= 0 || (types is not null && !types[projection.RelationshipType[arcs.Relationship[k]]]))
                {
                    continue;
                }

                depth[v] = depth[u] + 1;
                parentNode[v] = u;
                parentRelationship[v] = arcs.Relationship[k];
                if (v == target)
                {
                    var nodes = new List<string>();
                    var relationships = new List<RelationshipRef>();
                    for (var at = target; at != source; at = parentNode[at])
                    {
                        nodes.Add(projection.Key(at));
                        relationships.Add(projection.Relationship(parentRelationship[at]));
                    }

                    nodes.Add(projection.Key(source));
                    nodes.Reverse();
                    relationships.Reverse();
                    return new GraphPath(nodes, relationships, depth[target]);
                }

                queue.Enqueue(v);
            }
        }

        return GraphPath.None;
    }
}
