namespace TradeGraph.Core.Analytics;

/// <summary>
/// Compressed sparse rows: node v's arcs are positions <c>Start[v]</c> … <c>Start[v + 1]</c> − 1 of
/// <see cref="Neighbour"/> (the node reached) and <see cref="Relationship"/> (the relationship id walked).
/// </summary>
internal sealed class Csr(int[] start, int[] neighbour, int[] relationship)
{
    public int[] Start { get; } = start;

    public int[] Neighbour { get; } = neighbour;

    public int[] Relationship { get; } = relationship;

    public int NodeCount => Start.Length - 1;

    /// <summary>Rows by <paramref name="row"/>, each ordered by <paramref name="column"/> then relationship id.</summary>
    public static Csr Build(int nodeCount, int[] row, int[] column)
    {
        var m = row.Length;

        // Two stable counting sorts (by column, then by row) order each row by neighbour in O(n + m).
        var counts = new int[nodeCount + 1];
        foreach (var c in column)
        {
            counts[c + 1]++;
        }

        for (var i = 0; i < nodeCount; i++)
        {
            counts[i + 1] += counts[i];
        }

        var byColumn = new int[m];
        for (var r = 0; r < m; r++)
        {
            byColumn[counts[column[r]]++] = r;
        }

        var start = new int[nodeCount + 1];
        foreach (var r in row)
        {
            start[r + 1]++;
        }

        for (var i = 0; i < nodeCount; i++)
        {
            start[i + 1] += start[i];
        }

        var next = start[..nodeCount];
        var relationship = new int[m];
        var neighbour = new int[m];
        foreach (var r in byColumn)
        {
            var at = next[row[r]]++;
            relationship[at] = r;
            neighbour[at] = column[r];
        }

        return new Csr(start, neighbour, relationship);
    }

    /// <summary>Reorders <paramref name="items"/> by <c>key[item]</c> (0 … buckets − 1), keeping the order of equal keys.</summary>
    public static int[] StableSort(int[] items, int[] key, int buckets)
    {
        var start = new int[buckets + 1];
        foreach (var item in items)
        {
            start[key[item] + 1]++;
        }

        for (var b = 0; b < buckets; b++)
        {
            start[b + 1] += start[b];
        }

        var sorted = new int[items.Length];
        foreach (var item in items)
        {
            sorted[start[key[item]]++] = item;
        }

        return sorted;
    }

    /// <summary>Both ways: each row merges a node's out-arcs and in-arcs by neighbour; a self-loop is one arc, not two.</summary>
    public static Csr Merge(Csr outgoing, Csr incoming, int[] from, int[] to)
    {
        var n = outgoing.NodeCount;
        var start = new int[n + 1];
        var neighbour = new List<int>(outgoing.Neighbour.Length * 2);
        var relationship = new List<int>(outgoing.Neighbour.Length * 2);
        for (var v = 0; v < n; v++)
        {
            start[v] = neighbour.Count;
            var i = outgoing.Start[v];
            var j = incoming.Start[v];
            while (i < outgoing.Start[v + 1] || j < incoming.Start[v + 1])
            {
                if (j < incoming.Start[v + 1] && from[incoming.Relationship[j]] == to[incoming.Relationship[j]])
                {
                    j++;
                    continue;
                }

                var takeOut = j >= incoming.Start[v + 1]
                    || (i < outgoing.Start[v + 1] && outgoing.Neighbour[i] <= incoming.Neighbour[j]);
                var (source, at) = takeOut ? (outgoing, i++) : (incoming, j++);
                neighbour.Add(source.Neighbour[at]);
                relationship.Add(source.Relationship[at]);
            }
        }

        start[n] = neighbour.Count;
        return new Csr(start, [.. neighbour], [.. relationship]);
    }
}

/// <summary>The simple graph of a <see cref="Csr"/>: each node's distinct neighbours, in id order, without itself.</summary>
internal sealed class SimpleCsr(int[] start, int[] neighbour)
{
    public int[] Start { get; } = start;

    public int[] Neighbour { get; } = neighbour;

    public int NodeCount => Start.Length - 1;

    public static SimpleCsr Build(Csr arcs)
    {
        var n = arcs.NodeCount;
        var start = new int[n + 1];
        var neighbour = new List<int>(arcs.Neighbour.Length);
        for (var v = 0; v < n; v++)
        {
            start[v] = neighbour.Count;
            var previous = -1;
            for (var k = arcs.Start[v]; k < arcs.Start[v + 1]; k++)
            {
                // Rows are ordered by neighbour, so duplicates (parallel relationships) are adjacent.
                var w = arcs.Neighbour[k];
                if (w != v && w != previous)
                {
                    neighbour.Add(w);
                }

                previous = w;
            }
        }

        start[n] = neighbour.Count;
        return new SimpleCsr(start, [.. neighbour]);
    }
}
