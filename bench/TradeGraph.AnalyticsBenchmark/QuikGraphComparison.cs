using System.Diagnostics;
using System.Globalization;
using QuikGraph.Algorithms.ConnectedComponents;
using QuikGraph.Algorithms.ShortestPath;
using TradeGraph.Core.Analytics;

namespace TradeGraph.AnalyticsBenchmark;

/// <summary>
/// The measurements behind docs/decisions/0010-analytics.md: QuikGraph's Dijkstra and weakly connected components on
/// the projection's arrays (through the same adapter the analytics use) against plain array-based versions.
/// </summary>
internal static class QuikGraphComparison
{
    public static void Run(GraphProjection projection)
    {
        var arcs = projection.Arcs(EdgeDirection.Undirected);
        var weights = projection.Weights;
        var n = projection.NodeCount;
        Report("Dijkstra from one node to all, QuikGraph", () =>
        {
            var dijkstra = new DijkstraShortestPathAlgorithm<int, ProjectionArc>(new ArcGraph(arcs), a => weights[a.Relationship]);
            dijkstra.Compute(0);
            return dijkstra.TryGetDistance(n - 1, out var d) ? d : double.NaN;
        });
        Report("Dijkstra from one node to all, arrays + PriorityQueue", () =>
        {
            var distance = new double[n];
            Array.Fill(distance, double.PositiveInfinity);
            distance[0] = 0;
            var queue = new PriorityQueue<int, double>();
            queue.Enqueue(0, 0);
            while (queue.TryDequeue(out var u, out var du))
            {
                if (du > distance[u])
                {
                    continue;
                }

                for (var k = arcs.Start[u]; k < arcs.Start[u + 1]; k++)
                {
                    var cost = du + weights[arcs.Relationship[k]];
                    if (cost < distance[arcs.Neighbour[k]])
                    {
                        distance[arcs.Neighbour[k]] = cost;
                        queue.Enqueue(arcs.Neighbour[k], cost);
                    }
                }
            }

            return distance[n - 1];
        });
        Report("weakly connected components, QuikGraph", () =>
        {
            var components = new Dictionary<int, int>();
            var algorithm = new WeaklyConnectedComponentsAlgorithm<int, ProjectionArc>(new ArcGraph(projection.Out), components);
            algorithm.Compute();
            return algorithm.ComponentCount;
        });
        Report("weakly connected components, union-find", () =>
        {
            var parent = Enumerable.Range(0, n).ToArray();
            int Find(int v)
            {
                while (parent[v] != v)
                {
                    v = parent[v] = parent[parent[v]];
                }

                return v;
            }

            for (var r = 0; r < projection.RelationshipCount; r++)
            {
                parent[Find(projection.RelationshipFrom[r])] = Find(projection.RelationshipTo[r]);
            }

            return Enumerable.Range(0, n).Count(v => Find(v) == v);
        });
    }

    private static void Report(string name, Func<double> work)
    {
        var result = work();
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            result = work();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-60} best {times[0],9:F1} ms   median {times[2],9:F1} ms   (result {result})"));
    }
}
