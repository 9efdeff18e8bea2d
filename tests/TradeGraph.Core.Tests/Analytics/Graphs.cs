using TradeGraph.Core.Analytics;
using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Tests.Analytics;

/// <summary>Small hand-built graphs for the analytics tests, written as edge lists.</summary>
internal static class Graphs
{
    public const string Link = "LINK";

    public static Entity Node(string key, string kind = "Node", IReadOnlyDictionary<string, object?>? properties = null) =>
        new(kind, key, key, [], null, properties ?? PropertyValues.EmptyProperties, []);

    public static Relationship Edge(string from, string to, string type = Link, IReadOnlyDictionary<string, object?>? properties = null) =>
        new(type, from, to, properties ?? PropertyValues.EmptyProperties, []);

    /// <summary>"a>b" edges of type LINK between nodes of kind Node; every key named becomes a node.</summary>
    public static GraphProjection Build(EdgeDirection direction, params string[] edges) =>
        Build(new ProjectionFilter { Direction = direction }, [], edges);

    public static GraphProjection Build(ProjectionFilter filter, IEnumerable<string> isolated, params string[] edges)
    {
        var pairs = edges.Select(e => e.Split('>')).ToList();
        var keys = pairs.SelectMany(p => p).Concat(isolated).Distinct(StringComparer.Ordinal);
        return GraphProjection.Build([.. keys.Select(k => Node(k))], [.. pairs.Select(p => Edge(p[0], p[1]))], filter);
    }

    /// <summary>Weighted edges "a>b:3" with the weight in property "cost".</summary>
    public static GraphProjection Weighted(EdgeDirection direction, params string[] edges)
    {
        var parsed = edges.Select(e => e.Split('>', ':')).ToList();
        var keys = parsed.SelectMany(p => p.Take(2)).Distinct(StringComparer.Ordinal);
        return GraphProjection.Build(
            [.. keys.Select(k => Node(k))],
            [.. parsed.Select(p => Edge(p[0], p[1], properties: new Dictionary<string, object?> { ["cost"] = double.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture) }))],
            new ProjectionFilter { Direction = direction, WeightProperty = "cost" });
    }

    /// <summary>A seeded random multigraph (self-loops and parallel relationships of two types allowed).</summary>
    public static GraphProjection Random(int seed, int nodes, int relationships, EdgeDirection direction)
    {
        var random = new Random(seed);
        var keys = Enumerable.Range(0, nodes).Select(i => $"n{i:D4}").ToArray();
        var edges = new HashSet<(string, string, string)>();
        while (edges.Count < relationships)
        {
            edges.Add((random.Next(2) == 0 ? "A" : "B", keys[random.Next(nodes)], keys[random.Next(nodes)]));
        }

        return GraphProjection.Build(
            [.. keys.Select(k => Node(k, random.Next(3) == 0 ? "Other" : "Node"))],
            [.. edges.Select(e => Edge(e.Item2, e.Item3, e.Item1, new Dictionary<string, object?> { ["cost"] = (long)(1 + random.Next(9)) }))],
            new ProjectionFilter { Direction = direction, WeightProperty = "cost" });
    }
}
