namespace TradeGraph.Core.Analytics;

/// <summary>
/// Paths between two entities of a projection: the fewest hops (breadth-first), the least total weight (Dijkstra),
/// and the k best loopless paths (Yen). An unknown key or an unreachable target gives no path, never an exception.
/// </summary>
public static class PathFinding
{
    /// <summary>The most paths <see cref="KShortestPaths"/> returns.</summary>
    public const int MaxK = 20;

    /// <summary>
    /// The shortest path from <paramref name="from"/> to <paramref name="to"/>: fewest relationships, or least total
    /// weight when <see cref="PathOptions.Weighted"/>; <see cref="GraphPath.None"/> when there is none within the limits.
    /// Among equally short paths the one through the smallest keys (first met breadth-first) is taken.
    /// </summary>
    public static GraphPath ShortestPath(this GraphProjection projection, string from, string to, PathOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var search = PathSearch.Create(projection, from, to, options, out var source, out var target);
        if (search is null)
        {
            return GraphPath.None;
        }

        var found = search.Find(source, target, search.MaxHops, cancellationToken);
        return found is null ? GraphPath.None : search.ToGraphPath(found);
    }

    /// <summary>
    /// The path of least total weight (the projection's weight, or <see cref="PathOptions.WeightProperty"/>; 1 per
    /// relationship without one): Dijkstra, or with <see cref="PathOptions.MaxHops"/> the cheapest path of at most that
    /// many relationships (hop-bounded Bellman–Ford).
    /// </summary>
    public static GraphPath WeightedShortestPath(this GraphProjection projection, string from, string to, PathOptions? options = null,
        CancellationToken cancellationToken = default) =>
        projection.ShortestPath(from, to, (options ?? PathOptions.Default) with { Weighted = true }, cancellationToken);

    /// <summary>
    /// Up to <paramref name="k"/> (at most <see cref="MaxK"/>) loopless paths, shortest first (Yen's algorithm), by hops
    /// or by weight (<see cref="PathOptions.Weighted"/>); ties by length, then by the keys along the path. Fewer when the
    /// graph has fewer; none when there is no path.
    /// </summary>
    public static IReadOnlyList<GraphPath> KShortestPaths(this GraphProjection projection, string from, string to, int k,
        PathOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, MaxK);
        var search = PathSearch.Create(projection, from, to, options, out var source, out var target);
        if (search is null)
        {
            return [];
        }

        return [.. search.Yen(source, target, k, cancellationToken).Select(search.ToGraphPath)];
    }
}

/// <summary>A path as node and relationship ids, with its cost.</summary>
internal sealed record RawPath(int[] Nodes, int[] Relationships, double Cost);

/// <summary>One path query's view of a projection: its arcs, allowed types, weights, and the bans Yen's algorithm sets.</summary>
internal sealed partial class PathSearch
{
    private readonly GraphProjection _projection;
    private readonly EdgeDirection _direction;
    private readonly Csr _arcs;
    private readonly bool[]? _types;
    private readonly double[]? _weights;
    // Only Yen's algorithm bans: one path's search never allocates them (on a large graph they are megabytes).
    private bool[]? _bannedNodes;
    private bool[]? _bannedRelationships;

    private PathSearch(GraphProjection projection, PathOptions options)
    {
        _projection = projection;
        _direction = options.Direction ?? projection.Direction;
        _arcs = projection.Arcs(_direction);
        _types = projection.TypeMask(options.RelationshipTypes);
        _weights = !options.Weighted ? null
            : options.WeightProperty is { } property
                ? [.. Enumerable.Range(0, projection.RelationshipCount).Select(r => projection.WeightOf(r, property))]
                : projection.Weights;
        MaxHops = options.MaxHops;
    }

    public int? MaxHops { get; }

    /// <summary>A search between two keys, or null when either is not in the projection.</summary>
    public static PathSearch? Create(GraphProjection projection, string from, string to, PathOptions? options, out int source, out int target)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        options ??= PathOptions.Default;
        if (options.MaxHops is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxHops, "MaxHops cannot be negative.");
        }

        target = -1;
        return projection.TryGetId(from, out source) && projection.TryGetId(to, out target) ? new PathSearch(projection, options) : null;
    }

    public GraphPath ToGraphPath(RawPath path)
    {
        var keys = new string[path.Nodes.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = _projection.Key(path.Nodes[i]);
        }

        var relationships = new RelationshipRef[path.Relationships.Length];
        for (var i = 0; i < relationships.Length; i++)
        {
            relationships[i] = _projection.Ref(path.Relationships[i]);
        }

        return new GraphPath(keys, relationships, path.Cost);
    }

    /// <summary>The best path within <paramref name="hops"/>, avoiding banned nodes and relationships.</summary>
    public RawPath? Find(int source, int target, int? hops, CancellationToken cancellationToken)
    {
        if (source == target)
        {
            return new RawPath([source], [], 0);
        }

        return _weights is null ? FewestHops(source, target, hops ?? int.MaxValue, cancellationToken)
            : hops is null ? Dijkstra(source, target, _weights, cancellationToken)
            : HopBounded(source, target, hops.Value, _weights, cancellationToken);
    }

    /// <summary>Yen's k shortest loopless paths: each next path deviates from an earlier one at some spur node.</summary>
    public IReadOnlyList<RawPath> Yen(int source, int target, int k, CancellationToken cancellationToken)
    {
        var first = Find(source, target, MaxHops, cancellationToken);
        if (first is null)
        {
            return [];
        }

        var accepted = new List<RawPath> { first };
        var candidates = new List<RawPath>();
        var seen = new HashSet<string> { Identity(first) };
        while (accepted.Count < k)
        {
            var previous = accepted[^1];
            for (var i = 0; i < previous.Nodes.Length - 1; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var spur = previous.Nodes[i];

                // Paths already found that share this root must leave the spur node another way.
                var banned = new List<int>();
                foreach (var path in accepted)
                {
                    if (path.Nodes.Length > i + 1 && SharesRoot(path, previous, i))
                    {
                        banned.Add(path.Relationships[i]);
                    }
                }

                _bannedNodes ??= new bool[_projection.NodeCount];
                _bannedRelationships ??= new bool[_projection.RelationshipCount];
                foreach (var relationship in banned)
                {
                    _bannedRelationships[relationship] = true;
                }

                // The root's own nodes are off limits, so the whole path stays loopless.
                for (var j = 0; j < i; j++)
                {
                    _bannedNodes[previous.Nodes[j]] = true;
                }

                var spurPath = Find(spur, target, MaxHops - i, cancellationToken);

                foreach (var relationship in banned)
                {
                    _bannedRelationships[relationship] = false;
                }

                for (var j = 0; j < i; j++)
                {
                    _bannedNodes[previous.Nodes[j]] = false;
                }

                if (spurPath is not null)
                {
                    var rootCost = 0d;
                    for (var j = 0; j < i; j++)
                    {
                        rootCost += _weights?[previous.Relationships[j]] ?? 1;
                    }

                    var candidate = new RawPath(
                        [.. previous.Nodes[..i], .. spurPath.Nodes],
                        [.. previous.Relationships[..i], .. spurPath.Relationships],
                        rootCost + spurPath.Cost);
                    if (seen.Add(Identity(candidate)))
                    {
                        candidates.Add(candidate);
                    }
                }
            }

            if (candidates.Count == 0)
            {
                break;
            }

            var best = candidates[0];
            foreach (var candidate in candidates.Skip(1))
            {
                if (Compare(candidate, best) < 0)
                {
                    best = candidate;
                }
            }

            candidates.Remove(best);
            accepted.Add(best);
        }

        return accepted;
    }

    private static bool SharesRoot(RawPath path, RawPath previous, int i)
    {
        for (var j = 0; j <= i; j++)
        {
            if (path.Nodes[j] != previous.Nodes[j] || (j < i && path.Relationships[j] != previous.Relationships[j]))
            {
                return false;
            }
        }

        return true;
    }

    private static string Identity(RawPath path) => string.Join(',', path.Relationships) + "|" + path.Nodes[0];

    /// <summary>By cost, then fewer hops, then the node keys (ids are in key order) along the path.</summary>
    private static int Compare(RawPath a, RawPath b)
    {
        var byCost = a.Cost.CompareTo(b.Cost);
        if (byCost != 0)
        {
            return byCost;
        }

        var byLength = a.Nodes.Length.CompareTo(b.Nodes.Length);
        if (byLength != 0)
        {
            return byLength;
        }

        for (var i = 0; i < a.Nodes.Length; i++)
        {
            var byNode = a.Nodes[i].CompareTo(b.Nodes[i]);
            if (byNode != 0)
            {
                return byNode;
            }
        }

        return 0;
    }

    /// <summary>The arcs walked back: the predecessors of a node in this search's direction.</summary>
    private Csr Backward => _projection.Arcs(_direction switch
    {
        EdgeDirection.Directed => EdgeDirection.Reverse,
        EdgeDirection.Reverse => EdgeDirection.Directed,
        _ => EdgeDirection.Undirected,
    });

    private bool Allowed(int arc) => Allowed(_arcs.Neighbour[arc], _arcs.Relationship[arc]);

    /// <summary>Whether a step may enter <paramref name="node"/> over <paramref name="relationship"/>.</summary>
    private bool Allowed(int node, int relationship) =>
        (_bannedNodes is null || !_bannedNodes[node]) && RelationshipAllowed(relationship);

    private bool RelationshipAllowed(int relationship) =>
        (_bannedRelationships is null || !_bannedRelationships[relationship])
        && (_types is null || _types[_projection.RelationshipType[relationship]]);

    /// <summary>
    /// Dijkstra with a binary heap over the arrays, stopped once the target is settled. (QuikGraph's Dijkstra gives the
    /// same costs but keeps its state in dictionaries set up for every vertex on each run: about ten times slower here,
    /// and Yen's algorithm runs one search per spur node; see docs/decisions/0010-analytics.md.)
    /// </summary>
    private RawPath? Dijkstra(int source, int target, double[] weights, CancellationToken cancellationToken)
    {
        var n = _arcs.NodeCount;
        var distance = new double[n];
        Array.Fill(distance, double.PositiveInfinity);
        var parentArc = new int[n];
        var parentNode = new int[n];
        var settled = new bool[n];
        var queue = new PriorityQueue<int, (double Distance, int Node)>();
        distance[source] = 0;
        queue.Enqueue(source, (0, source));
        var pops = 0;
        while (queue.TryDequeue(out var u, out var priority))
        {
            if ((++pops & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            // Entries superseded by a shorter distance are skipped rather than removed from the heap.
            if (settled[u] || priority.Distance > distance[u])
            {
                continue;
            }

            settled[u] = true;
            if (u == target)
            {
                break;
            }

            for (var k = _arcs.Start[u]; k < _arcs.Start[u + 1]; k++)
            {
                var v = _arcs.Neighbour[k];
                var cost = distance[u] + weights[_arcs.Relationship[k]];
                if (cost < distance[v] && !settled[v] && Allowed(k))
                {
                    distance[v] = cost;
                    parentArc[v] = _arcs.Relationship[k];
                    parentNode[v] = u;
                    queue.Enqueue(v, (cost, v));
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (!settled[target])
        {
            return null;
        }

        var length = 0;
        for (var v = target; v != source; v = parentNode[v])
        {
            length++;
        }

        return Trace(source, target, parentArc, parentNode, length) with { Cost = distance[target] };
    }

    /// <summary>
    /// The cheapest path of at most <paramref name="hops"/> relationships: Bellman–Ford by layers, relaxing only from
    /// nodes improved in the last layer. Only strict improvements count, so with non-negative weights no cycle is taken.
    /// </summary>
    private RawPath? HopBounded(int source, int target, int hops, double[] weights, CancellationToken cancellationToken)
    {
        var n = _arcs.NodeCount;
        var distance = new double[n];
        Array.Fill(distance, double.PositiveInfinity);
        distance[source] = 0;
        var layers = new List<Dictionary<int, (int Arc, int From)>> { new() };
        var frontier = new List<int> { source };
        for (var h = 1; h <= hops && frontier.Count > 0; h++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var previous = (double[])distance.Clone();
            var improved = new Dictionary<int, (int Arc, int From)>();
            foreach (var u in frontier)
            {
                for (var k = _arcs.Start[u]; k < _arcs.Start[u + 1]; k++)
                {
                    var v = _arcs.Neighbour[k];
                    var cost = previous[u] + weights[_arcs.Relationship[k]];
                    if (cost < distance[v] && Allowed(k))
                    {
                        distance[v] = cost;
                        improved[v] = (_arcs.Relationship[k], u);
                    }
                }
            }

            layers.Add(improved);
            frontier = [.. improved.Keys.Order()];
        }

        if (double.IsPositiveInfinity(distance[target]))
        {
            return null;
        }

        var nodes = new List<int> { target };
        var relationships = new List<int>();
        var at = target;
        for (var layer = layers.Count - 1; at != source; layer--)
        {
            if (layers[layer].TryGetValue(at, out var step))
            {
                relationships.Add(step.Arc);
                at = step.From;
                nodes.Add(at);
            }
        }

        nodes.Reverse();
        relationships.Reverse();
        return new RawPath([.. nodes], [.. relationships], distance[target]);
    }

    private static RawPath Trace(int source, int target, int[] parentArc, int[] parentNode, int length)
    {
        var nodes = new int[length + 1];
        var relationships = new int[length];
        var v = target;
        for (var i = length; i > 0; i--)
        {
            nodes[i] = v;
            relationships[i - 1] = parentArc[v];
            v = parentNode[v];
        }

        nodes[0] = source;
        return new RawPath(nodes, relationships, length);
    }
}
