using System.Globalization;
using System.Text;
using TradeGraph.Core.Analytics;

namespace TradeGraph.AnalyticsBenchmark;

/// <summary>
/// What the analytics hold, step by step, as the server holds it after every analytics field (issue 13): reads a
/// store's topology file, then builds and keeps what the fields keep (the whole-graph projection and its rows, the
/// directed projection paths and similarity use, each ranking and community set), printing the managed heap after a
/// full collection after each step. Sizes, not times: they do not depend on the machine's load.
/// </summary>
internal static class MemoryProbe
{
    public static void Run(string topologyFile, bool copy)
    {
        var held = new List<object>();
        var last = Heap();
        void Step(string name, object value)
        {
            held.Add(value);
            var now = Heap();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-62} +{(now - last) / 1048576.0,7:F1} MB   held {now / 1048576.0,7:F1} MB"));
            last = now;
        }

        var topology = Read(topologyFile);
        Step($"topology ({topology.NodeCount:N0} nodes, {topology.RelationshipCount:N0} relationships)", topology);
        var whole = GraphProjection.Build(topology, new ProjectionFilter { Direction = EdgeDirection.Undirected, MaxSize = int.MaxValue });
        Step("whole-graph projection (undirected)", whole);
        var pageRank = whole.PageRank();
        _ = pageRank.Scores;
        Step("PageRank ranking (+ its score table)", pageRank);
        // As AnalyticsService asks for it: the same shape walked directed, its arrays shared (--copy builds its own).
        var directed = copy ? GraphProjection.Build(topology, ProjectionFilter.All with { MaxSize = int.MaxValue }) : whole.WithDirection(EdgeDirection.Directed);
        Step($"projection, all, directed (paths, neighbourhood, similarity){(copy ? ", built apart" : "")}", directed);
        var keys = topology.EntityKeys;
        Step("  shortest path (undirected arcs on it)", directed.ShortestPath(keys[0], keys[^1], new PathOptions { Direction = EdgeDirection.Undirected }) ?? (object)"none");
        Step("  neighbourhood 2 hops", directed.Neighbourhood(keys[1], new NeighbourhoodOptions { Hops = 2, Direction = EdgeDirection.Undirected }));
        Step("degree ranking", whole.Degree());
        Step("betweenness ranking (256 sampled)", whole.Betweenness(new BetweennessOptions { SampleSize = 256 }));
        var officialsAndCountries = GraphProjection.Build(topology, new ProjectionFilter { Kinds = ["Official", "Country"], Direction = EdgeDirection.Undirected, MaxSize = int.MaxValue });
        Step("projection, officials + countries", officialsAndCountries);
        Step("  closeness ranking (256 sampled)", officialsAndCountries.Closeness(new ClosenessOptions { SampleSize = 256 }));
        Step("Louvain communities", whole.Louvain());
        Step("weakly connected components", whole.WeaklyConnectedComponents());
        GC.KeepAlive(held);
    }

    private static long Heap() => GC.GetTotalMemory(forceFullCollection: true);

    private static GraphTopology Read(string path)
    {
        using var input = File.OpenRead(path);
        string stamp;
        using (var header = new BinaryReader(input, Encoding.UTF8, leaveOpen: true))
        {
            _ = header.ReadString();
            _ = header.ReadInt32();
            stamp = header.ReadString();
        }

        input.Position = 0;
        return TopologySnapshotFormat.TryRead(input, stamp) ?? throw new InvalidDataException($"{path}: not a topology file.");
    }
}
