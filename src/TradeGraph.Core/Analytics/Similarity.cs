namespace TradeGraph.Core.Analytics;

/// <summary>An entity similar to another: its key, the Jaccard score |A ∩ B| / |A ∪ B| and how many neighbours they share.</summary>
public sealed record SimilarEntity(string Key, double Score, int Shared);

/// <summary>An entity and the entities most similar to it, best first.</summary>
public sealed record SimilarityList(string Key, IReadOnlyList<SimilarEntity> Similar);

/// <summary>Options of <see cref="Similarity"/>.</summary>
public sealed record SimilarityOptions(NeighbourPath Via)
{
    /// <summary>Most similar entities per entity.</summary>
    public int TopK { get; init; } = 10;

    /// <summary>Fewest shared neighbours for a pair to count as similar at all.</summary>
    public int MinShared { get; init; } = 1;
}

/// <summary>
/// Jaccard similarity between entities of one kind by their shared neighbours (<see cref="SimilarityOptions.Via"/>):
/// officials by shared meetings, countries by the commodities discussed at meetings they are a side in. Best first,
/// ties by key; entities sharing nothing are not listed.
/// </summary>
public static class Similarity
{
    /// <summary>The entities of the same kind most similar to <paramref name="key"/>; none for an unknown key.</summary>
    public static IReadOnlyList<SimilarEntity> JaccardFor(this GraphProjection projection, string key, SimilarityOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(options);
        if (!projection.TryGetId(key, out var id))
        {
            return [];
        }

        // Only the entities that share a neighbour with this one are looked at: walked back from its neighbours.
        var kind = projection.NodeKind[id];
        var via = options.Via;
        var targetKinds = via.TargetKind is null ? null : projection.KindMask([via.TargetKind]);
        var hopTypes = via.TypeIds(projection);
        var items = via.From(projection, id, targetKinds, hopTypes);
        var reverse = via.Reversed();
        var candidates = reverse.Walk(projection, items, reverse.TypeIds(projection));
        var similar = new List<(int Node, double Score, int Shared)>();
        foreach (var candidate in candidates.Order())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (candidate == id || projection.NodeKind[candidate] != kind)
            {
                continue;
            }

            var theirs = via.From(projection, candidate, targetKinds, hopTypes);
            var shared = SharedIndex.CountShared(items, theirs);
            if (shared >= Math.Max(1, options.MinShared))
            {
                similar.Add((candidate, (double)shared / (items.Length + theirs.Length - shared), shared));
            }
        }

        return SharedIndex.Best(projection, similar, options);
    }

    /// <summary>For every entity of <paramref name="kind"/> with neighbours, the most similar others, in key order.</summary>
    public static IReadOnlyList<SimilarityList> JaccardAll(this GraphProjection projection, string kind, SimilarityOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(options);
        var index = SharedIndex.Build(projection, kind, options.Via, cancellationToken);
        var result = new List<SimilarityList>();
        for (var i = 0; i < index.Members.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (index.Items[i].Length > 0)
            {
                result.Add(new SimilarityList(projection.Key(index.Members[i]), index.Similar(i, options)));
            }
        }

        return result;
    }
}

/// <summary>The entities of a kind, the neighbours each reaches, and for each neighbour the entities reaching it.</summary>
internal sealed class SharedIndex
{
    private readonly GraphProjection _projection;

    private SharedIndex(GraphProjection projection, int[] members, int[][] items, Dictionary<int, List<int>> holders)
    {
        _projection = projection;
        Members = members;
        Items = items;
        Holders = holders;
    }

    /// <summary>Node ids of the kind's entities, in key order.</summary>
    public int[] Members { get; }

    /// <summary>Per member (by position), the sorted node ids of its neighbours.</summary>
    public int[][] Items { get; }

    /// <summary>Per neighbour node id, the positions of the members reaching it, ascending.</summary>
    public Dictionary<int, List<int>> Holders { get; }

    public static SharedIndex Build(GraphProjection projection, string kind, NeighbourPath via, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(via);
        var members = projection.NodesOfKinds([kind]);
        var targetKinds = via.TargetKind is null ? null : projection.KindMask([via.TargetKind]);
        var hopTypes = via.TypeIds(projection);
        var items = new int[members.Length][];
        var holders = new Dictionary<int, List<int>>();
        for (var i = 0; i < members.Length; i++)
        {
            if ((i & 0xFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            items[i] = via.From(projection, members[i], targetKinds, hopTypes);
            foreach (var item in items[i])
            {
                if (!holders.TryGetValue(item, out var list))
                {
                    holders[item] = list = [];
                }

                list.Add(i);
            }
        }

        return new SharedIndex(projection, members, items, holders);
    }

    /// <summary>The members sharing at least MinShared neighbours with member <paramref name="i"/>, by Jaccard score.</summary>
    public IReadOnlyList<SimilarEntity> Similar(int i, SimilarityOptions options)
    {
        var shared = new Dictionary<int, int>();
        foreach (var item in Items[i])
        {
            foreach (var j in Holders[item])
            {
                if (j != i)
                {
                    shared[j] = shared.GetValueOrDefault(j) + 1;
                }
            }
        }

        return Best(_projection,
            [
                .. shared
                    .Where(p => p.Value >= Math.Max(1, options.MinShared))
                    .Select(p => (Members[p.Key], (double)p.Value / (Items[i].Length + Items[p.Key].Length - p.Value), p.Value)),
            ],
            options);
    }

    /// <summary>The best TopK, by score, ties by key (node ids are in key order).</summary>
    public static IReadOnlyList<SimilarEntity> Best(GraphProjection projection, List<(int Node, double Score, int Shared)> similar, SimilarityOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TopK, 1);
        return
        [
            .. similar
                .OrderByDescending(s => s.Score)
                .ThenBy(s => s.Node)
                .Take(options.TopK)
                .Select(s => new SimilarEntity(projection.Key(s.Node), s.Score, s.Shared)),
        ];
    }

    /// <summary>How many ids two sorted arrays share.</summary>
    public static int CountShared(int[] a, int[] b)
    {
        int i = 0, j = 0, shared = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                shared++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return shared;
    }
}
