using QuikGraph.Algorithms.ConnectedComponents;

namespace TradeGraph.Core.Analytics;

/// <summary>A community: its id (0 is the largest), size and member keys in key order.</summary>
public sealed record Community(int Id, int Size, IReadOnlyList<string> Members);

/// <summary>
/// A partition of a projection's nodes into communities, largest first (ties by first member key), with the modularity
/// of the partition on the undirected weighted graph; each entity can say its community. Held as two arrays over the
/// projection's node numbering (its keys shared): members are read from them, not kept as a list of keys each.
/// </summary>
public sealed class CommunitySet
{
    private readonly string[] _keys;
    private readonly int[] _communityOf;

    private CommunitySet(string[] keys, int[] communityOf, IReadOnlyList<Community> communities, double modularity, int levels)
    {
        _keys = keys;
        _communityOf = communityOf;
        Communities = communities;
        Modularity = modularity;
        Levels = levels;
    }

    public IReadOnlyList<Community> Communities { get; }

    /// <summary>Newman's modularity Q of the partition (with the resolution it was found with; 1 for components).</summary>
    public double Modularity { get; }

    /// <summary>Aggregation levels Louvain went through; 0 for connected components.</summary>
    public int Levels { get; }

    /// <summary>What the set's own arrays and communities take, roughly (the keys it shares not counted): for a cache budget in bytes.</summary>
    public long EstimatedBytes => (8L * _communityOf.Length) + (64L * Communities.Count);

    /// <summary>The community of an entity, or null when the projection does not hold it.</summary>
    public Community? CommunityOf(string key)
    {
        var node = Array.BinarySearch(_keys, key, StringComparer.Ordinal);
        return node >= 0 ? Communities[_communityOf[node]] : null;
    }

    /// <summary>
    /// The partition of a projection's nodes by label: communities largest first, ties by their first member (the
    /// smallest id, so the first key), members in key order.
    /// </summary>
    internal static CommunitySet Of(GraphProjection projection, int[] labels, double modularity, int levels)
    {
        var n = projection.NodeCount;

        // Labels in the order their first member comes: group g's first member is its smallest id.
        var groupOf = new Dictionary<int, int>();
        var group = new int[n];
        var sizes = new List<int>();
        for (var v = 0; v < n; v++)
        {
            if (!groupOf.TryGetValue(labels[v], out var g))
            {
                groupOf[labels[v]] = g = sizes.Count;
                sizes.Add(0);
            }

            group[v] = g;
            sizes[g]++;
        }

        // Largest first; equal sizes keep first-member order (a stable sort of groups already in that order).
        var byRank = Enumerable.Range(0, sizes.Count).OrderByDescending(g => sizes[g]).ToArray();
        var idOf = new int[byRank.Length];
        var start = new int[byRank.Length + 1];
        for (var id = 0; id < byRank.Length; id++)
        {
            idOf[byRank[id]] = id;
            start[id + 1] = start[id] + sizes[byRank[id]];
        }

        // Members grouped by community, each group in id (= key) order: a counting sort of the nodes.
        var members = new int[n];
        var next = start[..^1];
        for (var v = 0; v < n; v++)
        {
            group[v] = idOf[group[v]];
            members[next[group[v]]++] = v;
        }

        var keys = projection.Keys;
        var communities = new Community[byRank.Length];
        for (var id = 0; id < communities.Length; id++)
        {
            communities[id] = new Community(id, start[id + 1] - start[id], new MemberKeys(keys, members, start[id], start[id + 1] - start[id]));
        }

        return new CommunitySet(keys, group, communities, modularity, levels);
    }

    /// <summary>A community's member keys, read from the shared member array.</summary>
    private sealed class MemberKeys(string[] keys, int[] members, int start, int count) : IReadOnlyList<string>
    {
        public int Count => count;

        public string this[int index] => (uint)index < (uint)count ? keys[members[start + index]] : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<string> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
            {
                yield return keys[members[start + i]];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>Options of <see cref="CommunityDetection.Louvain"/>.</summary>
public sealed record LouvainOptions
{
    public static LouvainOptions Default { get; } = new();

    /// <summary>Modularity's resolution γ: above 1 favours smaller communities, below 1 larger ones.</summary>
    public double Resolution { get; init; } = 1;

    /// <summary>Null visits nodes in key order; a seed visits them in a repeatable random order.</summary>
    public int? Seed { get; init; }

    /// <summary>Stop a level when a pass over the nodes gains less modularity than this.</summary>
    public double MinGain { get; init; } = 1e-12;

    public int MaxLevels { get; init; } = 32;
}

/// <summary>Communities of a projection: weakly connected components, and Louvain modularity optimisation.</summary>
public static class CommunityDetection
{
    /// <summary>
    /// Weakly connected components (relationships taken either way), by QuikGraph's
    /// <see cref="WeaklyConnectedComponentsAlgorithm{TVertex,TEdge}"/> over the projection's arcs.
    /// </summary>
    public static CommunitySet WeaklyConnectedComponents(this GraphProjection projection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projection);
        var components = new Dictionary<int, int>(projection.NodeCount);
        var examined = 0;

        // QuikGraph's inner depth-first search has its own cancel manager, out of reach. Cancelling from the arc view
        // instead ends that search (it swallows the OperationCanceledException), and the token is checked after.
        bool Allowed(int arc)
        {
            if ((++examined & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            return true;
        }

        var algorithm = new WeaklyConnectedComponentsAlgorithm<int, ProjectionArc>(new ArcGraph(projection.Out, Allowed), components);
        try
        {
            algorithm.Compute();
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // A search ended early leaves vertices unlabelled, which the algorithm's clean-up trips over.
        }

        cancellationToken.ThrowIfCancellationRequested();
        var labels = new int[projection.NodeCount];
        for (var v = 0; v < labels.Length; v++)
        {
            labels[v] = components[v];
        }

        return Partition(projection, labels, levels: 0, resolution: 1);
    }

    /// <summary>
    /// Louvain (Blondel et al. 2008) on the undirected graph, weighted by the projection's weights (parallel
    /// relationships add up): nodes move to the neighbouring community that gains most modularity until none does,
    /// communities become nodes, and again, until a level changes nothing. Deterministic for a given projection and seed.
    /// </summary>
    public static CommunitySet Louvain(this GraphProjection projection, LouvainOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projection);
        options ??= LouvainOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Resolution);
        var graph = WeightedGraph.FromProjection(projection);
        var labels = Enumerable.Range(0, projection.NodeCount).ToArray();
        var random = options.Seed is { } seed ? new Random(seed) : null;
        var levels = 0;
        while (levels < options.MaxLevels)
        {
            var (community, moved) = graph.MoveNodes(options.Resolution, options.MinGain, random, cancellationToken);
            if (!moved)
            {
                break;
            }

            levels++;
            var (renumbered, count) = Renumber(community);
            for (var v = 0; v < labels.Length; v++)
            {
                labels[v] = renumbered[labels[v]];
            }

            if (count == graph.NodeCount)
            {
                break;
            }

            graph = graph.Aggregate(renumbered, count);
        }

        return Partition(projection, labels, levels, options.Resolution);
    }

    /// <summary>
    /// Modularity Q = Σ_c [ in_c / 2m − γ (tot_c / 2m)² ] of a labelling (labels below n) on the projection's undirected
    /// weighted graph: each relationship adds its weight to the degree total of both ends' communities, and twice its
    /// weight inside when both ends share one (a self-loop too, as Newman counts it).
    /// </summary>
    internal static double Modularity(GraphProjection projection, int[] labels, double resolution)
    {
        var inside = new double[projection.NodeCount];
        var degree = new double[projection.NodeCount];
        var total = 0d;
        for (var r = 0; r < projection.RelationshipCount; r++)
        {
            var (a, b, w) = (labels[projection.RelationshipFrom[r]], labels[projection.RelationshipTo[r]], projection.Weight(r));
            degree[a] += w;
            degree[b] += w;
            total += 2 * w;
            if (a == b)
            {
                inside[a] += 2 * w;
            }
        }

        if (total == 0)
        {
            return 0;
        }

        var q = 0d;
        for (var c = 0; c < degree.Length; c++)
        {
            q += (inside[c] / total) - (resolution * (degree[c] / total) * (degree[c] / total));
        }

        return q;
    }

    private static (int[] Labels, int Count) Renumber(int[] labels)
    {
        var map = new Dictionary<int, int>();
        var result = new int[labels.Length];
        for (var v = 0; v < labels.Length; v++)
        {
            if (!map.TryGetValue(labels[v], out var id))
            {
                map[labels[v]] = id = map.Count;
            }

            result[v] = id;
        }

        return (result, map.Count);
    }

    private static CommunitySet Partition(GraphProjection projection, int[] labels, int levels, double resolution) =>
        CommunitySet.Of(projection, labels, Modularity(projection, labels, resolution), levels);

}

/// <summary>
/// An undirected weighted graph for Louvain: each node's distinct neighbours with summed weights, and its self-loop
/// weight (A_vv, counted in its degree), so an aggregated community keeps its internal weight.
/// </summary>
internal sealed class WeightedGraph(int[] start, int[] neighbour, double[] weight, double[] loop)
{
    private readonly double[] _degree = Degrees(start, weight, loop);

    public int NodeCount => start.Length - 1;

    /// <summary>Σ of all degrees: twice the total weight.</summary>
    public double TotalDegree => _degree.Sum();

    public static WeightedGraph FromProjection(GraphProjection projection)
    {
        // The undirected rows list each node's neighbours in order, a self-loop once: parallel relationships are
        // adjacent and their weights add up.
        var arcs = projection.Arcs(EdgeDirection.Undirected);
        var n = projection.NodeCount;
        var start = new int[n + 1];
        var neighbour = new List<int>(arcs.Neighbour.Length);
        var weight = new List<double>(arcs.Neighbour.Length);
        var loop = new double[n];
        for (var v = 0; v < n; v++)
        {
            start[v] = neighbour.Count;
            for (var k = arcs.Start[v]; k < arcs.Start[v + 1]; k++)
            {
                var (u, w) = (arcs.Neighbour[k], projection.Weight(arcs.Relationship[k]));
                if (u == v)
                {
                    // An undirected self-loop adds 2w to its node's degree, as in Newman's convention.
                    loop[v] += 2 * w;
                }
                else if (neighbour.Count > start[v] && neighbour[^1] == u)
                {
                    weight[^1] += w;
                }
                else
                {
                    neighbour.Add(u);
                    weight.Add(w);
                }
            }
        }

        start[n] = neighbour.Count;
        return new WeightedGraph(start, [.. neighbour], [.. weight], loop);
    }

    /// <summary>
    /// Louvain's first phase: moves each node (in id order, or shuffled) to the neighbouring community with the best
    /// modularity gain, repeating passes until a pass gains less than <paramref name="minGain"/>. Returns each node's
    /// community and whether any node moved.
    /// </summary>
    public (int[] Community, bool Moved) MoveNodes(double resolution, double minGain, Random? random, CancellationToken cancellationToken)
    {
        var n = NodeCount;
        var total = TotalDegree;
        var community = Enumerable.Range(0, n).ToArray();
        if (total == 0)
        {
            return (community, false);
        }

        var communityDegree = (double[])_degree.Clone();
        var order = Enumerable.Range(0, n).ToArray();
        random?.Shuffle(order);
        var linkTo = new double[n];
        Array.Fill(linkTo, -1);
        var touched = new List<int>();
        var movedAny = false;
        while (true)
        {
            var gained = 0d;
            var movedThisPass = false;
            for (var i = 0; i < n; i++)
            {
                if ((i & 0x3FF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var v = order[i];
                var own = community[v];
                var kv = _degree[v];

                // Weight from v to each neighbouring community.
                touched.Clear();
                linkTo[own] = 0;
                touched.Add(own);
                for (var k = start[v]; k < start[v + 1]; k++)
                {
                    var c = community[neighbour[k]];
                    if (linkTo[c] < 0)
                    {
                        linkTo[c] = 0;
                        touched.Add(c);
                    }

                    linkTo[c] += weight[k];
                }

                // Take v out, then put it where ΔQ ∝ k_v,in − γ·tot·k_v / 2m is largest; staying wins ties.
                communityDegree[own] -= kv;
                var best = own;
                var bestGain = linkTo[own] - (resolution * communityDegree[own] * kv / total);
                foreach (var c in touched)
                {
                    var gain = linkTo[c] - (resolution * communityDegree[c] * kv / total);
                    if (gain > bestGain)
                    {
                        best = c;
                        bestGain = gain;
                    }
                }

                var ownGain = linkTo[own] - (resolution * communityDegree[own] * kv / total);
                communityDegree[best] += kv;
                if (best != own)
                {
                    community[v] = best;
                    gained += 2 * (bestGain - ownGain) / total;
                    movedThisPass = true;
                    movedAny = true;
                }

                foreach (var c in touched)
                {
                    linkTo[c] = -1;
                }
            }

            if (!movedThisPass || gained < minGain)
            {
                break;
            }
        }

        return (community, movedAny);
    }

    /// <summary>Louvain's second phase: one node per community, weights between communities summed, internal weight as a self-loop.</summary>
    public WeightedGraph Aggregate(int[] community, int count)
    {
        var rows = new Dictionary<int, double>[count];
        var loops = new double[count];
        for (var c = 0; c < count; c++)
        {
            rows[c] = [];
        }

        for (var v = 0; v < NodeCount; v++)
        {
            var a = community[v];
            loops[a] += loop[v];
            for (var k = start[v]; k < start[v + 1]; k++)
            {
                var b = community[neighbour[k]];
                if (a == b)
                {
                    // Each internal edge is seen from both ends, so A_cc gets 2w, as a self-loop should.
                    loops[a] += weight[k];
                }
                else
                {
                    rows[a][b] = rows[a].GetValueOrDefault(b) + weight[k];
                }
            }
        }

        return FromRows(rows, loops);
    }

    private static WeightedGraph FromRows(Dictionary<int, double>[] rows, double[] loop)
    {
        var start = new int[rows.Length + 1];
        for (var v = 0; v < rows.Length; v++)
        {
            start[v + 1] = start[v] + rows[v].Count;
        }

        var neighbour = new int[start[^1]];
        var weight = new double[start[^1]];
        for (var v = 0; v < rows.Length; v++)
        {
            var at = start[v];
            foreach (var (w, x) in rows[v].OrderBy(p => p.Key))
            {
                neighbour[at] = w;
                weight[at++] = x;
            }
        }

        return new WeightedGraph(start, neighbour, weight, loop);
    }

    private static double[] Degrees(int[] start, double[] weight, double[] loop)
    {
        var degree = (double[])loop.Clone();
        for (var v = 0; v < degree.Length; v++)
        {
            for (var k = start[v]; k < start[v + 1]; k++)
            {
                degree[v] += weight[k];
            }
        }

        return degree;
    }
}
