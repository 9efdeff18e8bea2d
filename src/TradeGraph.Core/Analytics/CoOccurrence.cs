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
        var index = SharedIndex.Build(projection, kind, via, cancellationToken);
        var only = -1;
        if (options.Key is not null && (!projection.TryGetId(options.Key, out var id) || (only = Array.BinarySearch(index.Members, id)) < 0))
        {
            return [];
        }

        // Members are positions in key order, so (i, j) with i < j is the pair in key order.
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

                for (var b = a + 1; b < holders.Count; b++)
                {
                    if (only >= 0 && holders[a] != only && holders[b] != only)
                    {
                        continue;
                    }

                    if (!pairs.TryGetValue((holders[a], holders[b]), out var shared))
                    {
                        pairs[(holders[a], holders[b])] = shared = [];
                    }

                    shared.Add(item);
                }
            }
        }

        var ordered = pairs
            .Where(p => p.Value.Count >= options.MinShared)
            .OrderByDescending(p => p.Value.Count)
            .ThenBy(p => p.Key.Item1)
            .ThenBy(p => p.Key.Item2)
            .Select(p => new CoOccurrencePair(
                projection.Key(index.Members[p.Key.Item1]),
                projection.Key(index.Members[p.Key.Item2]),
                [.. p.Value.Order().Select(projection.Key)]));
        return [.. options.First is { } first ? ordered.Take(first) : ordered];
    }
}
