namespace TradeGraph.Core.Analytics;

/// <summary>Options of <see cref="Centrality.Degree"/>.</summary>
public sealed record DegreeOptions
{
    public static DegreeOptions Default { get; } = new();

    /// <summary>Divide by n − 1, the most relationships a node could have to distinct others.</summary>
    public bool Normalized { get; init; }

    /// <summary>Sum the relationships' weights instead of counting them.</summary>
    public bool Weighted { get; init; }
}

/// <summary>Options of <see cref="Centrality.PageRank"/>.</summary>
public sealed record PageRankOptions
{
    public static PageRankOptions Default { get; } = new();

    /// <summary>Probability of following a relationship rather than jumping to a random node.</summary>
    public double Damping { get; init; } = 0.85;

    /// <summary>Stop when the scores change by less than this in total (L1) from one iteration to the next.</summary>
    public double Tolerance { get; init; } = 1e-9;

    public int MaxIterations { get; init; } = 200;

    /// <summary>Follow relationships in proportion to their weight (all weigh 1 in a projection without a weight property).</summary>
    public bool Weighted { get; init; } = true;
}

/// <summary>Options of <see cref="Centrality.Betweenness"/>.</summary>
public sealed record BetweennessOptions
{
    public static BetweennessOptions Default { get; } = new();

    /// <summary>Divide by the number of ordered (directed) or unordered (undirected) pairs of other nodes: (n − 1)(n − 2), or half that.</summary>
    public bool Normalized { get; init; }

    /// <summary>
    /// Approximate from shortest paths out of this many sources, chosen at random with <see cref="Seed"/>, scaled by
    /// n / sample (Brandes–Pich); null is exact (a search from every node: O(n·m)).
    /// </summary>
    public int? SampleSize { get; init; }

    /// <summary>Seed of the sample's random choice, so an approximation is repeatable.</summary>
    public int Seed { get; init; }
}

/// <summary>Which closeness formula <see cref="Centrality.Closeness"/> uses.</summary>
public enum ClosenessFormula
{
    /// <summary>
    /// Wasserman–Faust: ((r − 1) / Σ d) · ((r − 1) / (n − 1)) over the r nodes a node reaches (itself included); equal to
    /// the classic (n − 1) / Σ d on a connected graph, and scaled down for nodes that reach few others.
    /// </summary>
    WassermanFaust,

    /// <summary>Harmonic: Σ 1 / d over the other nodes (unreachable ones add 0), divided by n − 1.</summary>
    Harmonic,
}

/// <summary>Options of <see cref="Centrality.Closeness"/>.</summary>
public sealed record ClosenessOptions
{
    public static ClosenessOptions Default { get; } = new();

    public ClosenessFormula Formula { get; init; } = ClosenessFormula.WassermanFaust;

    /// <summary>
    /// Estimate from hop distances to this many nodes, chosen at random with <see cref="Seed"/> (Eppstein–Wang: each
    /// node's reach, distance sum and harmonic sum scaled from the sample); null is exact (a search from every node:
    /// O(n·m)). Ignored when the projection has no more nodes than this.
    /// </summary>
    public int? SampleSize { get; init; }

    /// <summary>Seed of the sample's random choice, so an estimate is repeatable.</summary>
    public int Seed { get; init; }
}

/// <summary>
/// Centrality measures over a projection, walked in its <see cref="GraphProjection.Direction"/>, returned as a
/// <see cref="Ranking"/> best first. Distances are hops; parallel relationships between the same two nodes count as one
/// for betweenness and closeness, and by number (or weight) for degree and PageRank.
/// </summary>
public static class Centrality
{
    /// <summary>
    /// Relationships per node: outgoing (directed), incoming (reverse) or all (undirected; a self-loop counts once),
    /// or their total weight.
    /// </summary>
    public static Ranking Degree(this GraphProjection projection, DegreeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projection);
        options ??= DegreeOptions.Default;
        var arcs = projection.Arcs(projection.Direction);
        var n = projection.NodeCount;
        var scores = new double[n];
        for (var v = 0; v < n; v++)
        {
            CheckEvery(v, cancellationToken);
            for (var k = arcs.Start[v]; k < arcs.Start[v + 1]; k++)
            {
                scores[v] += options.Weighted ? projection.Weight(arcs.Relationship[k]) : 1;
            }

            if (options.Normalized && n > 1)
            {
                scores[v] /= n - 1;
            }
        }

        return Ranking.Of(projection, scores);
    }

    /// <summary>
    /// PageRank by power iteration: each node passes <see cref="PageRankOptions.Damping"/> of its score along its
    /// relationships (by weight), the rest is spread evenly, and nodes with nowhere to go (dangling) spread all of theirs
    /// evenly, so the scores always sum to 1.
    /// </summary>
    public static Ranking PageRank(this GraphProjection projection, PageRankOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projection);
        options ??= PageRankOptions.Default;
        if (options.Damping is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Damping, "Damping must be between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxIterations, 1);
        var n = projection.NodeCount;
        if (n == 0)
        {
            return Ranking.Of(projection, []);
        }

        var arcs = projection.Arcs(projection.Direction);
        var weight = new double[arcs.Relationship.Length];
        var outWeight = new double[n];
        for (var v = 0; v < n; v++)
        {
            for (var k = arcs.Start[v]; k < arcs.Start[v + 1]; k++)
            {
                weight[k] = options.Weighted ? projection.Weight(arcs.Relationship[k]) : 1;
                outWeight[v] += weight[k];
            }
        }

        var d = options.Damping;
        var rank = new double[n];
        var next = new double[n];
        Array.Fill(rank, 1d / n);
        var iterations = 0;
        var converged = false;
        while (iterations < options.MaxIterations && !converged)
        {
            cancellationToken.ThrowIfCancellationRequested();
            iterations++;
            var dangling = 0d;
            for (var v = 0; v < n; v++)
            {
                if (outWeight[v] == 0)
                {
                    dangling += rank[v];
                }
            }

            Array.Fill(next, ((1 - d) + (d * dangling)) / n);
            for (var v = 0; v < n; v++)
            {
                if (outWeight[v] > 0)
                {
                    var share = d * rank[v] / outWeight[v];
                    for (var k = arcs.Start[v]; k < arcs.Start[v + 1]; k++)
                    {
                        next[arcs.Neighbour[k]] += share * weight[k];
                    }
                }
            }

            var change = 0d;
            for (var v = 0; v < n; v++)
            {
                change += Math.Abs(next[v] - rank[v]);
            }

            (rank, next) = (next, rank);
            converged = change < options.Tolerance;
        }

        return Ranking.Of(projection, rank, iterations, converged);
    }

    /// <summary>
    /// Betweenness (Brandes): for each node, the share of shortest paths between other pairs that pass through it,
    /// summed over pairs (each unordered pair once when undirected). Exact, or sampled (<see cref="BetweennessOptions.SampleSize"/>).
    /// </summary>
    public static Ranking Betweenness(this GraphProjection projection, BetweennessOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projection);
        options ??= BetweennessOptions.Default;
        var n = projection.NodeCount;
        var direction = projection.Direction;
        var forward = projection.Neighbours(direction);
        var sources = Sources(n, options.SampleSize, options.Seed);

        var scores = new double[n];
        var distance = new int[n];
        var paths = new double[n];
        var dependency = new double[n];
        var order = new int[n];

        // The shortest-path DAG's arcs in the order the search found them; walked backwards, every arc (v, w) comes
        // after all arcs out of w, so w's dependency is complete when v takes its share. Sequential arrays instead of
        // predecessor lists.
        var dagFrom = new int[forward.Neighbour.Length];
        var dagTo = new int[forward.Neighbour.Length];
        Array.Fill(distance, -1);
        foreach (var s in sources)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var head = 0;
            var tail = 0;
            var arcs = 0;
            order[tail++] = s;
            distance[s] = 0;
            paths[s] = 1;
            while (head < tail)
            {
                var v = order[head++];
                var next = distance[v] + 1;
                for (var k = forward.Start[v]; k < forward.Start[v + 1]; k++)
                {
                    var w = forward.Neighbour[k];
                    if (distance[w] < 0)
                    {
                        distance[w] = next;
                        order[tail++] = w;
                    }

                    if (distance[w] == next)
                    {
                        paths[w] += paths[v];
                        dagFrom[arcs] = v;
                        dagTo[arcs++] = w;
                    }
                }
            }

            for (var e = arcs - 1; e >= 0; e--)
            {
                var (v, w) = (dagFrom[e], dagTo[e]);
                dependency[v] += paths[v] / paths[w] * (1 + dependency[w]);
            }

            // Reset only what this search touched.
            for (var i = 0; i < tail; i++)
            {
                var v = order[i];
                if (v != s)
                {
                    scores[v] += dependency[v];
                }

                distance[v] = -1;
                paths[v] = 0;
                dependency[v] = 0;
            }
        }

        var scale = direction == EdgeDirection.Undirected ? 0.5 : 1;
        if (options.Normalized && n > 2)
        {
            scale = 1d / ((n - 1d) * (n - 2d));
        }

        if (sources.Length < n && sources.Length > 0)
        {
            scale *= (double)n / sources.Length;
        }

        for (var v = 0; v < n; v++)
        {
            scores[v] *= scale;
        }

        return Ranking.Of(projection, scores);
    }

    /// <summary>
    /// Closeness from hop distances along the projection's direction (distances from the node; use a reverse projection
    /// for distances to it), by the formula chosen (Wasserman–Faust by default, defined on disconnected graphs).
    /// </summary>
    public static Ranking Closeness(this GraphProjection projection, ClosenessOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projection);
        options ??= ClosenessOptions.Default;
        var n = projection.NodeCount;
        if (options.SampleSize is { } sample && sample < n)
        {
            return SampledCloseness(projection, options, Sources(n, sample, options.Seed), cancellationToken);
        }

        var neighbours = projection.Neighbours(projection.Direction);
        var scores = new double[n];
        var distance = new int[n];
        var queue = new int[n];
        Array.Fill(distance, -1);
        for (var s = 0; s < n; s++)
        {
            CheckEvery(s, cancellationToken, 0x3F);
            var reached = Search(neighbours, s, distance, queue);
            long total = 0;
            var harmonic = 0d;
            for (var i = 1; i < reached; i++)
            {
                total += distance[queue[i]];
                harmonic += 1d / distance[queue[i]];
            }

            if (n > 1)
            {
                var others = reached - 1d;
                scores[s] = options.Formula == ClosenessFormula.Harmonic ? harmonic / (n - 1)
                    : total > 0 ? others / total * (others / (n - 1)) : 0;
            }

            Forget(distance, queue, reached);
        }

        return Ranking.Of(projection, scores);
    }

    /// <summary>
    /// Closeness estimated from a sample of target nodes: one search from each target against the projection's
    /// direction gives every node's distance to it. A node's reach, distance sum and harmonic sum over the targets it
    /// reaches, scaled by (n − 1) / (targets other than itself), estimate the exact ones; the scale cancels in the
    /// Wasserman–Faust ratio, so (hits / Σ d) · (hits / targets). With every node as a target this is the exact formula.
    /// </summary>
    private static Ranking SampledCloseness(GraphProjection projection, ClosenessOptions options, int[] targets, CancellationToken cancellationToken)
    {
        var n = projection.NodeCount;
        var backwards = projection.Neighbours(projection.Direction switch
        {
            EdgeDirection.Directed => EdgeDirection.Reverse,
            EdgeDirection.Reverse => EdgeDirection.Directed,
            _ => EdgeDirection.Undirected,
        });
        var hits = new int[n];
        var total = new long[n];
        var harmonic = new double[n];
        var isTarget = new bool[n];
        var distance = new int[n];
        var queue = new int[n];
        Array.Fill(distance, -1);
        foreach (var t in targets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            isTarget[t] = true;
            var reached = Search(backwards, t, distance, queue);
            for (var i = 1; i < reached; i++)
            {
                var v = queue[i];
                hits[v]++;
                total[v] += distance[v];
                harmonic[v] += 1d / distance[v];
            }

            Forget(distance, queue, reached);
        }

        var scores = new double[n];
        for (var v = 0; v < n; v++)
        {
            var others = targets.Length - (isTarget[v] ? 1d : 0d);
            if (others > 0)
            {
                scores[v] = options.Formula == ClosenessFormula.Harmonic ? harmonic[v] / others
                    : total[v] > 0 ? hits[v] / (double)total[v] * (hits[v] / others) : 0;
            }
        }

        return Ranking.Of(projection, scores);
    }

    /// <summary>
    /// Hop distances from <paramref name="source"/> (a breadth-first search): returns how many nodes it reached, listed in
    /// <paramref name="queue"/> in the order found (the source first), each with its distance set; the caller reads them,
    /// then clears them with <see cref="Forget"/> (<paramref name="distance"/> is −1 everywhere else).
    /// </summary>
    private static int Search(SimpleCsr rows, int source, int[] distance, int[] queue)
    {
        var (head, tail) = (0, 0);
        queue[tail++] = source;
        distance[source] = 0;
        while (head < tail)
        {
            var v = queue[head++];
            for (var k = rows.Start[v]; k < rows.Start[v + 1]; k++)
            {
                var w = rows.Neighbour[k];
                if (distance[w] < 0)
                {
                    distance[w] = distance[v] + 1;
                    queue[tail++] = w;
                }
            }
        }

        return tail;
    }

    /// <summary>Resets only what a <see cref="Search"/> touched.</summary>
    private static void Forget(int[] distance, int[] queue, int reached)
    {
        for (var i = 0; i < reached; i++)
        {
            distance[queue[i]] = -1;
        }
    }

    /// <summary>Every node, or a seeded random sample of them (a partial Fisher–Yates shuffle).</summary>
    private static int[] Sources(int n, int? sampleSize, int seed)
    {
        var all = Enumerable.Range(0, n).ToArray();
        if (sampleSize is not { } size || size >= n)
        {
            return all;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, nameof(sampleSize));
        var random = new Random(seed);
        for (var i = 0; i < size; i++)
        {
            var j = random.Next(i, n);
            (all[i], all[j]) = (all[j], all[i]);
        }

        return all[..size];
    }

    private static void CheckEvery(int count, CancellationToken cancellationToken, int mask = 0xFFF)
    {
        if ((count & mask) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
