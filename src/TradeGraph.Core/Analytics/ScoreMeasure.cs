namespace TradeGraph.Core.Analytics;

/// <summary>How large a sample the sampled measures take (0: exact); the analytics service's settings.</summary>
public sealed record ScoreSampling(int Betweenness, int Closeness);

/// <summary>
/// A centrality measure every entity has (over a projection of the graph): its <see cref="Name"/> (<c>pagerank</c>, what
/// caches and cursors such as <c>score/pagerank:d</c> remember), how it is computed, and how GraphQL shows it — the
/// entity field and the field of every <c>where</c> and <c>order</c> input (<see cref="Field"/>: <c>pageRank</c>, with
/// <see cref="FieldDescription"/>) and the value of <c>centrality(algorithm:)</c> (<see cref="AlgorithmValue"/>:
/// <c>PAGE_RANK</c>, with <see cref="AlgorithmDescription"/>). Declared once, in <see cref="ScoreMeasures"/>; every layer
/// reads the declaration.
/// </summary>
public sealed record ScoreMeasure(string Name, string Field, string FieldDescription, string AlgorithmValue, string AlgorithmDescription,
    Func<GraphProjection, ScoreSampling, CancellationToken, Ranking> Compute)
{
    public override string ToString() => Name;
}

/// <summary>Every score measure, in the order GraphQL lists them.</summary>
public static class ScoreMeasures
{
    public static ScoreMeasure Degree { get; } = new("degree",
        "degree", "Degree centrality over the whole graph: how many relationships it has.",
        "DEGREE", "Relationships per entity.",
        (p, _, token) => p.Degree(null, token));

    public static ScoreMeasure PageRank { get; } = new("pagerank",
        "pageRank", "PageRank over the whole graph (damping 0.85; scores sum to 1).",
        "PAGE_RANK", "PageRank (damping 0.85); scores sum to 1.",
        (p, _, token) => p.PageRank(null, token));

    public static ScoreMeasure Betweenness { get; } = new("betweenness",
        "betweenness", "Betweenness centrality over the whole graph (sampled on large graphs).",
        "BETWEENNESS", "How often an entity lies on shortest paths between others (sampled on large projections).",
        (p, sampling, token) => p.Betweenness(
            new BetweennessOptions { SampleSize = sampling.Betweenness == 0 || p.NodeCount <= sampling.Betweenness ? null : sampling.Betweenness }, token));

    public static ScoreMeasure Closeness { get; } = new("closeness",
        "closeness", "Closeness centrality over the whole graph (Wasserman–Faust; estimated from a sample of nodes on large graphs).",
        "CLOSENESS", "How near an entity is to all it can reach (Wasserman–Faust; estimated from a sample of nodes on large projections).",
        (p, sampling, token) => p.Closeness(new ClosenessOptions { SampleSize = sampling.Closeness == 0 ? null : sampling.Closeness }, token));

    public static IReadOnlyList<ScoreMeasure> All { get; } = [Degree, PageRank, Betweenness, Closeness];

    /// <summary>The measure whose GraphQL field is <paramref name="field"/> (<c>pageRank</c>), or null.</summary>
    public static ScoreMeasure? OfField(string field)
    {
        foreach (var measure in All)
        {
            if (measure.Field == field)
            {
                return measure;
            }
        }

        return null;
    }
}
