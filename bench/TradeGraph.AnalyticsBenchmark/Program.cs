// Run: dotnet run -c Release --project bench/TradeGraph.AnalyticsBenchmark -- [relationships, default 100000] [--exact] [--quikgraph]
//  or: dotnet run -c Release --project bench/TradeGraph.AnalyticsBenchmark -- --memory <store>.topology [--copy] (what each step holds)
using System.Diagnostics;
using System.Globalization;
using TradeGraph.AnalyticsBenchmark;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Model;
using TradeGraph.Core.Tests.Analytics;

// Times each analytics operation on a synthetic graph (best and median of a few runs, after a warm-up run).
// Numbers vary with the machine and its load; they are printed, never asserted.
if (args is ["--memory", var topologyFile, ..])
{
    MemoryProbe.Run(topologyFile, copy: args.Contains("--copy"));
    return;
}

var relationships = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var r) ? r : 100_000;
var exact = args.Contains("--exact");
var document = SyntheticTradeGraph.Generate(relationships);
Console.WriteLine($"Synthetic graph: {document.Entities.Count:N0} entities, {document.Relationships.Count:N0} relationships");

var filter = new ProjectionFilter { Direction = EdgeDirection.Undirected, WeightProperty = "weight" };
var projection = Time("projection build (undirected, weighted)", 5, () => GraphProjection.Build(document, filter));
Time("projection build (officials + meetings, PARTICIPATES_IN)", 5, () => GraphProjection.Build(document,
    new ProjectionFilter { Kinds = ["Official", "Meeting"], RelationshipTypes = ["PARTICIPATES_IN"] }));
Time("projection build (year 2024 window)", 5, () => GraphProjection.Build(document,
    new ProjectionFilter { DateWindow = new DateWindow(new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)) }));
Console.WriteLine($"Projection: {projection.NodeCount:N0} nodes, {projection.RelationshipCount:N0} relationships");
if (args.Contains("--quikgraph"))
{
    QuikGraphComparison.Run(projection);
    return;
}


var pageRank = Time("PageRank", 3, () => projection.PageRank());
Console.WriteLine($"  {pageRank.Iterations} iterations, converged {pageRank.Converged}, top {pageRank[0].Key}");
Time("degree", 3, () => projection.Degree());
foreach (var sample in new[] { 64, 256, 1024 })
{
    Time($"betweenness, {sample} sampled sources", 3, () => projection.Betweenness(new BetweennessOptions { SampleSize = sample }));
}

if (exact)
{
    Time("betweenness, exact", 1, () => projection.Betweenness());
    Time("closeness, exact", 1, () => projection.Closeness());
}

var louvain = Time("Louvain", 3, () => projection.Louvain());
Console.WriteLine($"  {louvain.Communities.Count:N0} communities, modularity {louvain.Modularity:F4}, {louvain.Levels} levels");
var components = Time("weakly connected components", 3, () => projection.WeaklyConnectedComponents());
Console.WriteLine($"  {components.Communities.Count:N0} components, largest {components.Communities[0].Size:N0}");

var random = new Random(1);
var pairs = Enumerable.Range(0, 10)
    .Select(_ => ($"official-{random.Next(relationships / 8):D6}", $"official-{random.Next(relationships / 8):D6}")).ToArray();
Time("shortest path (BFS), 10 pairs", 3, () => pairs.Select(p => projection.ShortestPath(p.Item1, p.Item2)).ToList());
Time("weighted shortest path (Dijkstra), 10 pairs", 3, () => pairs.Select(p => projection.WeightedShortestPath(p.Item1, p.Item2)).ToList());
Time("Yen k = 3 by hops, 10 pairs", 3, () => pairs.Select(p => projection.KShortestPaths(p.Item1, p.Item2, 3)).ToList());
Time("Yen k = 3 weighted, 10 pairs", 3, () => pairs.Select(p => projection.KShortestPaths(p.Item1, p.Item2, 3, new PathOptions { Weighted = true })).ToList());
Time("Yen k = 3 weighted, max 6 hops, 10 pairs", 3, () =>
    pairs.Select(p => projection.KShortestPaths(p.Item1, p.Item2, 3, new PathOptions { Weighted = true, MaxHops = 6 })).ToList());
Time("neighbourhood, 2 hops, first 50", 3, () => projection.Neighbourhood("official-000001", new NeighbourhoodOptions { Hops = 2 }));

var meetings = new NeighbourPath([new Hop("PARTICIPATES_IN", Direction.Outgoing)]);
Time("Jaccard top 10, one official", 3, () => projection.JaccardFor("official-000001", new SimilarityOptions(meetings)));
Time("Jaccard top 10, every country by commodities (2 hops)", 3, () => projection.JaccardAll("Country",
    new SimilarityOptions(new NeighbourPath([new Hop("HAS_PARTY", Direction.Incoming), new Hop("DISCUSSES", Direction.Outgoing)]))));
var cooccurrences = Time("co-occurrence, officials by meetings", 3, () => projection.CoOccurrences("Official", meetings));
Console.WriteLine($"  {cooccurrences.Count:N0} pairs");

static T Time<T>(string name, int runs, Func<T> work)
{
    var result = work();
    var times = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        result = work();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-60} best {times[0],9:F1} ms   median {times[times.Count / 2],9:F1} ms"));
    return result;
}
