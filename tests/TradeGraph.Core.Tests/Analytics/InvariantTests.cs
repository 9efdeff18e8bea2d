using QuikGraph.Algorithms.ShortestPath;
using TradeGraph.Core.Analytics;
using static TradeGraph.Core.Tests.Analytics.Graphs;

namespace TradeGraph.Core.Tests.Analytics;

/// <summary>Properties that hold on any graph, checked on seeded random multigraphs (self-loops and parallel relationships included).</summary>
public sealed class InvariantTests
{
    public static TheoryData<int, EdgeDirection> Cases()
    {
        var cases = new TheoryData<int, EdgeDirection>();
        foreach (var direction in Enum.GetValues<EdgeDirection>())
        {
            for (var seed = 1; seed <= 4; seed++)
            {
                cases.Add(seed, direction);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PageRankSumsToOne(int seed, EdgeDirection direction)
    {
        var projection = Random(seed, 80, 160, direction);

        foreach (var weighted in new[] { true, false })
        {
            var ranking = projection.PageRank(new PageRankOptions { Weighted = weighted });
            Assert.Equal(1, ranking.Sum(s => s.Score), 1e-9);
            Assert.All(ranking, s => Assert.True(s.Score > 0));
            Assert.True(ranking.Converged);
            Assert.Equal(projection.NodeCount, ranking.Count);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RankingsAreBestFirstTiesByKeyWithCompetitionRanks(int seed, EdgeDirection direction)
    {
        var projection = Random(seed, 60, 90, direction);

        foreach (var ranking in new[] { projection.Degree(), projection.PageRank(), projection.Betweenness(), projection.Closeness() })
        {
            for (var i = 1; i < ranking.Count; i++)
            {
                var (previous, current) = (ranking[i - 1], ranking[i]);
                Assert.True(previous.Score >= current.Score - 1e-12, $"{previous} before {current}");
                Assert.True(previous.Rank < current.Rank ? previous.Score > current.Score - 1e-12
                    : previous.Rank == current.Rank && string.CompareOrdinal(previous.Key, current.Key) < 0);
                Assert.True(current.Rank == i + 1 || current.Rank == previous.Rank);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BetweennessAndClosenessMatchTheirDefinitions(int seed, EdgeDirection direction)
    {
        var projection = Random(seed, 30, 50, direction);
        var n = projection.NodeCount;

        // Distinct neighbours as the definitions count them: parallel relationships and self-loops do not add paths.
        var next = Enumerable.Range(0, n).Select(_ => new HashSet<int>()).ToArray();
        for (var r = 0; r < projection.RelationshipCount; r++)
        {
            projection.TryGetId(projection.Relationship(r).From, out var a);
            projection.TryGetId(projection.Relationship(r).To, out var b);
            if (a != b)
            {
                if (direction != EdgeDirection.Reverse)
                {
                    next[a].Add(b);
                }

                if (direction != EdgeDirection.Directed)
                {
                    next[b].Add(a);
                }
            }
        }

        var distance = new int[n, n];
        var count = new double[n, n];
        for (var s = 0; s < n; s++)
        {
            for (var t = 0; t < n; t++)
            {
                distance[s, t] = -1;
            }

            distance[s, s] = 0;
            count[s, s] = 1;
            var frontier = new List<int> { s };
            while (frontier.Count > 0)
            {
                var layer = new List<int>();
                foreach (var v in frontier)
                {
                    foreach (var w in next[v])
                    {
                        if (distance[s, w] < 0)
                        {
                            distance[s, w] = distance[s, v] + 1;
                            layer.Add(w);
                        }

                        if (distance[s, w] == distance[s, v] + 1)
                        {
                            count[s, w] += count[s, v];
                        }
                    }
                }

                frontier = layer;
            }
        }

        var betweenness = new double[n];
        var closeness = new double[n];
        for (var v = 0; v < n; v++)
        {
            for (var s = 0; s < n; s++)
            {
                for (var t = 0; t < n; t++)
                {
                    if (s != v && t != v && s != t && distance[s, t] > 0 && distance[s, v] > 0 && distance[v, t] > 0
                        && distance[s, v] + distance[v, t] == distance[s, t])
                    {
                        betweenness[v] += count[s, v] * count[v, t] / count[s, t];
                    }
                }
            }

            var reached = Enumerable.Range(0, n).Where(t => t != v && distance[v, t] > 0).ToList();
            var total = reached.Sum(t => distance[v, t]);
            closeness[v] = total == 0 ? 0 : (double)reached.Count / total * reached.Count / (n - 1);
        }

        var halve = direction == EdgeDirection.Undirected ? 0.5 : 1;
        var ranking = projection.Betweenness();
        var ranked = projection.Closeness();
        for (var v = 0; v < n; v++)
        {
            Assert.Equal(betweenness[v] * halve, ranking.ScoreOf(projection.Key(v))!.Value, 9);
            Assert.Equal(closeness[v], ranked.ScoreOf(projection.Key(v))!.Value, 12);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CommunitiesPartitionTheProjection(int seed, EdgeDirection direction)
    {
        var projection = Random(seed, 100, 120, direction);
        var keys = Enumerable.Range(0, projection.NodeCount).Select(projection.Key).ToList();

        foreach (var set in new[] { projection.WeaklyConnectedComponents(), projection.Louvain(), projection.Louvain(new LouvainOptions { Seed = seed }) })
        {
            var members = set.Communities.SelectMany(c => c.Members).ToList();
            Assert.Equal(keys.Order(StringComparer.Ordinal), members.Order(StringComparer.Ordinal));
            Assert.Equal(Enumerable.Range(0, set.Communities.Count), set.Communities.Select(c => c.Id));
            Assert.All(set.Communities, c => Assert.Equal(c.Size, c.Members.Count));
            Assert.All(set.Communities, c => Assert.Equal(c.Members.Order(StringComparer.Ordinal), c.Members));
            Assert.All(set.Communities, c => Assert.All(c.Members, m => Assert.Same(c, set.CommunityOf(m))));
            Assert.InRange(set.Modularity, -0.5, 1);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ComponentsMatchUnionFindAndLouvainNeverSpansTwoComponents(int seed, EdgeDirection direction)
    {
        var projection = Random(seed, 100, 70, direction);
        var parent = Enumerable.Range(0, projection.NodeCount).ToArray();
        int Find(int v) => parent[v] == v ? v : parent[v] = Find(parent[v]);
        for (var r = 0; r < projection.RelationshipCount; r++)
        {
            projection.TryGetId(projection.Relationship(r).From, out var a);
            projection.TryGetId(projection.Relationship(r).To, out var b);
            parent[Find(a)] = Find(b);
        }

        var expected = Enumerable.Range(0, projection.NodeCount).GroupBy(Find)
            .Select(g => string.Join(' ', g.Select(projection.Key))).Order(StringComparer.Ordinal);
        var components = projection.WeaklyConnectedComponents();
        Assert.Equal(expected, components.Communities.Select(c => string.Join(' ', c.Members)).Order(StringComparer.Ordinal));

        var louvain = projection.Louvain();
        Assert.All(louvain.Communities, c => Assert.Single(c.Members.Select(m => components.CommunityOf(m)!.Id).Distinct()));
        Assert.Equal(louvain.Communities.Select(c => c.Members), projection.Louvain().Communities.Select(c => c.Members));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryPathReturnedIsARealLooplessWalk(int seed, EdgeDirection direction)
    {
        var projection = Random(seed, 40, 90, direction);
        var random = new Random(seed);
        var relationships = Enumerable.Range(0, projection.RelationshipCount)
            .ToDictionary(r => new RelationshipRef(projection.Relationship(r).Type, projection.Relationship(r).From, projection.Relationship(r).To), projection.Weight);
        for (var query = 0; query < 25; query++)
        {
            var from = projection.Key(random.Next(projection.NodeCount));
            var to = projection.Key(random.Next(projection.NodeCount));
            var hops = query % 3 == 0 ? (int?)4 : null;
            var types = query % 4 == 1 ? new[] { "A" } : null;
            var options = new PathOptions { MaxHops = hops, RelationshipTypes = types };

            var shortest = projection.ShortestPath(from, to, options);
            var cheapest = projection.WeightedShortestPath(from, to, options);
            var byHops = projection.KShortestPaths(from, to, 4, options);
            var byWeight = projection.KShortestPaths(from, to, 4, options with { Weighted = true });
            Assert.Equal(shortest.IsEmpty, cheapest.IsEmpty);
            Assert.Equal(shortest.IsEmpty, byHops.Count == 0);
            if (shortest.IsEmpty)
            {
                continue;
            }

            foreach (var path in new[] { shortest }.Concat(byHops))
            {
                AssertWalk(path, from, to, direction, relationships, hops, types, weighted: false);
            }

            foreach (var path in new[] { cheapest }.Concat(byWeight))
            {
                AssertWalk(path, from, to, direction, relationships, hops, types, weighted: true);
            }

            Assert.Equal(shortest.Cost, byHops[0].Cost);
            Assert.Equal(cheapest.Cost, byWeight[0].Cost, 9);
            foreach (var paths in new[] { byHops, byWeight })
            {
                Assert.Equal(paths.Count, paths.Distinct().Count());
                Assert.True(paths.Zip(paths.Skip(1)).All(p => p.First.Cost <= p.Second.Cost + 1e-9), "paths come shortest first");
            }

            // Dijkstra (QuikGraph) and the hop-bounded search agree when the bound cannot bind.
            if (hops is null)
            {
                Assert.Equal(cheapest.Cost, projection.WeightedShortestPath(from, to, options with { MaxHops = projection.NodeCount }).Cost, 9);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void OneEntitysSimilarsAndPairsAreItsShareOfEveryonesAndJaccardIsSymmetric(int seed)
    {
        var projection = Random(seed, 60, 110, EdgeDirection.Directed);
        var paths = new[]
        {
            new NeighbourPath([new Hop("A", TradeGraph.Core.Model.Direction.Outgoing)]),
            new NeighbourPath([new Hop()], "Other"),
            new NeighbourPath([new Hop("A", TradeGraph.Core.Model.Direction.Incoming), new Hop("B")]),
        };
        foreach (var via in paths)
        {
            var options = new SimilarityOptions(via) { TopK = 100 };
            var everyone = projection.JaccardAll("Node", options).ToDictionary(l => l.Key);
            var pairs = projection.CoOccurrences("Node", via);
            foreach (var key in Enumerable.Range(0, projection.NodeCount).Where(v => projection.Kind(v) == "Node").Select(projection.Key))
            {
                var similar = projection.JaccardFor(key, options);
                Assert.Equal(everyone.TryGetValue(key, out var list) ? list.Similar : [], similar);
                Assert.All(similar, s => Assert.Contains(projection.JaccardFor(s.Key, options), t => t.Key == key && t.Score == s.Score));
                Assert.Equal(
                    pairs.Where(p => p.First == key || p.Second == key),
                    projection.CoOccurrences("Node", via, new CoOccurrenceOptions { Key = key }),
                    new PairComparer());
                Assert.Equal(similar.Select(s => (s.Key, s.Shared)).Order(),
                    pairs.Where(p => p.First == key || p.Second == key).Select(p => (p.First == key ? p.Second : p.First, p.Shared.Count)).Order());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WeightedPathsCostWhatQuikGraphsDijkstraSays(int seed, EdgeDirection direction)
    {
        var projection = Random(seed, 50, 120, direction);
        var arcs = projection.Arcs(direction);
        for (var source = 0; source < projection.NodeCount; source += 7)
        {
            var dijkstra = new DijkstraShortestPathAlgorithm<int, ProjectionArc>(new ArcGraph(arcs), a => projection.Weight(a.Relationship));
            dijkstra.Compute(source);
            for (var target = 0; target < projection.NodeCount; target++)
            {
                var path = projection.WeightedShortestPath(projection.Key(source), projection.Key(target));
                var reached = dijkstra.TryGetDistance(target, out var distance) && distance < double.MaxValue;
                Assert.Equal(reached, !path.IsEmpty);
                if (reached)
                {
                    Assert.Equal(distance, path.Cost, 9);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void YenFindsTheKCheapestOfAllLooplessPaths(int seed, EdgeDirection direction)
    {
        var projection = Random(seed, 9, 22, direction);
        var random = new Random(seed);
        for (var query = 0; query < 10; query++)
        {
            var from = projection.Key(random.Next(projection.NodeCount));
            var to = projection.Key(random.Next(projection.NodeCount));
            int? hops = query % 2 == 0 ? null : 3;
            var all = AllLooplessPaths(projection, from, to, direction, hops);
            foreach (var weighted in new[] { false, true })
            {
                var costs = all.Select(p => weighted ? p.Weight : p.Hops).Order().Take(6).ToList();
                var found = projection.KShortestPaths(from, to, 6, new PathOptions { Weighted = weighted, MaxHops = hops });
                Assert.Equal(costs, found.Select(p => p.Cost));
            }
        }
    }

    /// <summary>Brute force: every loopless path by depth-first search, with its hops and weight.</summary>
    private static List<(int Hops, double Weight)> AllLooplessPaths(GraphProjection projection, string from, string to, EdgeDirection direction, int? maxHops)
    {
        var steps = Enumerable.Range(0, projection.RelationshipCount).SelectMany(r =>
        {
            var relationship = projection.Relationship(r);
            var forward = (relationship.From, relationship.To, projection.Weight(r));
            var backward = (relationship.To, relationship.From, projection.Weight(r));
            return direction switch
            {
                EdgeDirection.Directed => [forward],
                EdgeDirection.Reverse => [backward],
                _ => relationship.From == relationship.To ? [forward] : new[] { forward, backward },
            };
        }).ToLookup(s => s.Item1);
        var result = new List<(int, double)>();
        var onPath = new HashSet<string> { from };
        void Walk(string at, int hops, double weight)
        {
            if (at == to)
            {
                result.Add((hops, weight));
                return;
            }

            if (hops == maxHops)
            {
                return;
            }

            foreach (var (_, next, w) in steps[at])
            {
                if (onPath.Add(next))
                {
                    Walk(next, hops + 1, weight + w);
                    onPath.Remove(next);
                }
            }
        }

        Walk(from, 0, 0);
        return result;
    }

    private static void AssertWalk(GraphPath path, string from, string to, EdgeDirection direction,
        Dictionary<RelationshipRef, double> relationships, int? maxHops, string[]? types, bool weighted)
    {
        Assert.Equal(from, path.Nodes[0]);
        Assert.Equal(to, path.Nodes[^1]);
        Assert.Equal(path.Nodes.Count - 1, path.Relationships.Count);
        Assert.Equal(path.Nodes.Count, path.Nodes.Distinct().Count());
        Assert.True(maxHops is null || path.Length <= maxHops);
        var cost = 0d;
        for (var i = 0; i < path.Length; i++)
        {
            var (a, b, r) = (path.Nodes[i], path.Nodes[i + 1], path.Relationships[i]);
            Assert.True(relationships.TryGetValue(r, out var weight), $"{r} is not in the projection");
            Assert.True(types is null || types.Contains(r.Type));
            var forward = r.From == a && r.To == b;
            var backward = r.From == b && r.To == a;
            Assert.True(direction switch
            {
                EdgeDirection.Directed => forward,
                EdgeDirection.Reverse => backward,
                _ => forward || backward,
            }, $"{r} does not lead from {a} to {b} {direction}");
            cost += weighted ? weight : 1;
        }

        Assert.Equal(cost, path.Cost, 9);
    }

    private sealed class PairComparer : IEqualityComparer<CoOccurrencePair>
    {
        public bool Equals(CoOccurrencePair? x, CoOccurrencePair? y) =>
            x is not null && y is not null && x.First == y.First && x.Second == y.Second && x.Shared.SequenceEqual(y.Shared);

        public int GetHashCode(CoOccurrencePair obj) => HashCode.Combine(obj.First, obj.Second);
    }
}
