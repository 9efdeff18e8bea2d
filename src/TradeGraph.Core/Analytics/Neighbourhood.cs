namespace TradeGraph.Core.Analytics;

/// <summary>A node of a <see cref="Subgraph"/>: its key, kind and distance in hops from the centre.</summary>
public sealed record SubgraphNode(string Key, string Kind, int Distance);

/// <summary>
/// Nodes (nearest first, ties by key) and every relationship between two of them, in (type, from, to) order: a
/// picture-ready piece of the graph. <see cref="Truncated"/> says more nodes were within reach than were returned;
/// then <see cref="Next"/> is where the next page starts (pass it as <see cref="NeighbourhoodOptions.After"/>).
/// </summary>
public sealed record Subgraph(IReadOnlyList<SubgraphNode> Nodes, IReadOnlyList<RelationshipRef> Relationships, bool Truncated)
{
    public static Subgraph Empty { get; } = new([], [], false);

    /// <summary>The last node returned (other than the centre) when more remain; null when none do.</summary>
    public SubgraphPosition? Next => Truncated && Nodes.Count > 0 && Nodes[^1].Distance > 0
        ? new SubgraphPosition(Nodes[^1].Distance, Nodes[^1].Key)
        : null;
}

/// <summary>A place in a neighbourhood's order (distance, then key): a page continues after it.</summary>
public sealed record SubgraphPosition(int Distance, string Key);

/// <summary>What <see cref="Neighbourhoods.Neighbourhood"/> gathers around an entity.</summary>
public sealed record NeighbourhoodOptions
{
    public static NeighbourhoodOptions Default { get; } = new();

    /// <summary>How many relationships away a node may be.</summary>
    public int Hops { get; init; } = 1;

    /// <summary>Kinds of nodes to reach and pass through (the centre is always kept); null for all.</summary>
    public IReadOnlyCollection<string>? Kinds { get; init; }

    /// <summary>Relationship types to walk and to draw; null for all of the projection's.</summary>
    public IReadOnlyCollection<string>? RelationshipTypes { get; init; }

    /// <summary>Most nodes to return, the centre included; the nearest are kept.</summary>
    public int First { get; init; } = 50;

    /// <summary>
    /// Continue after this place (a previous page's <see cref="Subgraph.Next"/>): nodes nearer, or as near and not after
    /// it by key, are walked through but not returned. The centre is returned on every page, so the relationships that
    /// join a page to it are drawn too.
    /// </summary>
    public SubgraphPosition? After { get; init; }

    /// <summary>How relationships are walked; null for the projection's direction.</summary>
    public EdgeDirection? Direction { get; init; }
}

/// <summary>The subgraph around an entity, for drawing.</summary>
public static class Neighbourhoods
{
    /// <summary>
    /// The nodes within <see cref="NeighbourhoodOptions.Hops"/> of <paramref name="key"/> (breadth-first through nodes of
    /// the allowed kinds, over relationships of the allowed types), at most <see cref="NeighbourhoodOptions.First"/> of
    /// them, nearest first and ties by key (after <see cref="NeighbourhoodOptions.After"/> when given; the centre always),
    /// with the relationships among them. An unknown key gives
    /// <see cref="Subgraph.Empty"/>.
    /// </summary>
    public static Subgraph Neighbourhood(this GraphProjection projection, string key, NeighbourhoodOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(key);
        options ??= NeighbourhoodOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegative(options.Hops);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.First, 1);
        if (!projection.TryGetId(key, out var centre))
        {
            return Subgraph.Empty;
        }

        var arcs = projection.Arcs(options.Direction ?? projection.Direction);
        var types = projection.TypeMask(options.RelationshipTypes);
        var kinds = options.Kinds is null ? null : projection.KindMask(options.Kinds);
        var distance = new Dictionary<int, int> { [centre] = 0 };
        var layer = new List<int> { centre };
        var chosen = new List<int> { centre };
        var truncated = false;
        var after = options.After;

        // Layer by layer, so the walk stops as soon as the nearest First nodes are known.
        for (var hop = 1; hop <= options.Hops && layer.Count > 0 && !truncated; hop++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = new List<int>();
            foreach (var u in layer)
            {
                for (var k = arcs.Start[u]; k < arcs.Start[u + 1]; k++)
                {
                    var v = arcs.Neighbour[k];
                    if (!distance.ContainsKey(v)
                        && (types is null || types[projection.RelationshipType[arcs.Relationship[k]]])
                        && (kinds is null || kinds[projection.NodeKind[v]]))
                    {
                        distance[v] = hop;
                        next.Add(v);
                    }
                }
            }

            // Ids are in key order, so sorting ids sorts the layer by key.
            next.Sort();
            var eligible = after is null || hop > after.Distance ? next
                : hop < after.Distance ? []
                : next[Skip(next, projection.FirstIdAfter(after.Key))..];
            var room = options.First - chosen.Count;
            truncated = eligible.Count > room;
            chosen.AddRange(eligible.Take(room));
            layer = next;
        }

        var members = chosen.ToHashSet();
        var relationships = new List<int>();
        foreach (var u in chosen)
        {
            for (var k = projection.Out.Start[u]; k < projection.Out.Start[u + 1]; k++)
            {
                var r = projection.Out.Relationship[k];
                if (members.Contains(projection.Out.Neighbour[k]) && (types is null || types[projection.RelationshipType[r]]))
                {
                    relationships.Add(r);
                }
            }
        }

        relationships.Sort();
        return new Subgraph(
            [.. chosen.Select(v => new SubgraphNode(projection.Key(v), projection.Kind(v), distance[v]))],
            [.. relationships.Select(projection.Ref)],
            truncated);
    }

    // How many ids of a sorted layer come before the first id at or above bound.
    private static int Skip(List<int> sortedLayer, int bound)
    {
        var index = sortedLayer.BinarySearch(bound);
        return index >= 0 ? index : ~index;
    }
}
