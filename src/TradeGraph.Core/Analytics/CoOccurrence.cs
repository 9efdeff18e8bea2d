namespace TradeGraph.Core.Analytics;

/// <summary>Two entities (keys in ordinal order) and the neighbours they share, in key order: who met whom, at what.</summary>
public sealed record CoOccurrencePair(string First, string Second, IReadOnlyList<string> Shared);

/// <summary>Options of <see cref="CoOccurrence.CoOccurrences"/>.</summary>
public sealed record CoOccurrenceOptions
{
    public static CoOccurrenceOptions Default { get; } = new();

    /// <summary>Fewest shared neighbours for a pair to be listed.</summary>
    public int MinShared { get; init; } = 1;

    /// <summary>Only pairs with this entity in them (whom did Rubio meet); null for all pairs.</summary>
    public string? Key { get; init; }

    /// <summary>Most pairs to return; null for all.</summary>
    public int? First { get; init; }
}

/// <summary>Pairs of entities of a kind that share neighbours: officials who shared meetings, with the meetings.</summary>
public static class CoOccurrence
{
    /// <summary>
    /// Every pair of entities of <paramref name="kind"/> sharing at least <see cref="CoOccurrenceOptions.MinShared"/>
    /// neighbours reached by <paramref name="via"/>, most shared first, then by the pair's keys.
    /// </summary>
    public static IReadOnlyList<CoOccurrencePair> CoOccurrences(this GraphProjection projection, string kind, NeighbourPath via,
        CoOccurrenceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(kind);
        options ??= CoOccurrenceOptions.Default;
        ArgumentNullException.ThrowIfNull(via);
        var pairs = options.Key is null ? AllPairs(projection, kind, via, cancellationToken)
            : projection.TryGetId(options.Key, out var id) && projection.Kind(id) == kind ? PairsWith(projection, id, via, cancellationToken)
            : [];
        var ordered = pairs
            .Where(p => p.Value.Count >= options.MinShared)
            .OrderByDescending(p => p.Value.Count)
            .ThenBy(p => p.Key.First)
            .ThenBy(p => p.Key.Second)
            .Select(p => new CoOccurrencePair(projection.Key(p.Key.First), projection.Key(p.Key.Second), [.. p.Value.Order().Select(projection.Key)]));
        return [.. options.First is { } first ? ordered.Take(first) : ordered];
    }

    /// <summary>Every pair, from an index of which entities reach each neighbour (node ids, smaller first).</summary>
    private static Dictionary<(int First, int Second), List<int>> AllPairs(GraphProjection projection, string kind, NeighbourPath via,
        CancellationToken cancellationToken)
    {
        var index = SharedIndex.Build(projection, kind, via, cancellationToken);
        var pairs = new Dictionary<(int, int), List<int>>();
        var visited = 0;
        foreach (var (item, holders) in index.Holders)
        {
            for (var a = 0; a < holders.Count; a++)
            {
                if ((++visited & 0x3FF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                // Holders are positions in key order, ascending, so (a, b) is the pair in key order.
                for (var b = a + 1; b < holders.Count; b++)
                {
                    var pair = (index.Members[holders[a]], index.Members[holders[b]]);
                    if (!pairs.TryGetValue(pair, out var shared))
                    {
                        pairs[pair] = shared = [];
                    }

                    shared.Add(item);
                }
            }
        }

        return pairs;
    }

    /// <summary>The pairs with one entity: each of its neighbours walked back to the other entities of its kind reaching it.</summary>
    private static Dictionary<(int First, int Second), List<int>> PairsWith(GraphProjection projection, int id, NeighbourPath via,
        CancellationToken cancellationToken)
    {
        var targetKinds = via.TargetKind is null ? null : projection.KindMask([via.TargetKind]);
        var reverse = via.Reversed();
        var reverseTypes = reverse.TypeIds(projection);
        var pairs = new Dictionary<(int, int), List<int>>();
        foreach (var item in via.From(projection, id, targetKinds, via.TypeIds(projection)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var other in reverse.Walk(projection, [item], reverseTypes))
            {
                // An entity is never its own neighbour, so it does not share itself with anyone.
                if (other != id && other != item && projection.NodeKind[other] == projection.NodeKind[id])
                {
                    var pair = other < id ? (other, id) : (id, other);
                    if (!pairs.TryGetValue(pair, out var shared))
                    {
                        pairs[pair] = shared = [];
                    }

                    shared.Add(item);
                }
            }
        }

        return pairs;
    }
}
