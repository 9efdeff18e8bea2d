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

        // Two stable counting sorts (by column, then by row) order each row by neighbour in O(n + m); the
        // temporaries are ScratchArrays' (megabytes at a million relationships).
        var counts = ScratchArrays.Rent(nodeCount + 1);
        var byColumn = ScratchArrays.Rent(m);
        try
        {
            Array.Clear(counts, 0, nodeCount + 1);
            foreach (var c in column)
            {
                counts[c + 1]++;
            }

            for (var i = 0; i < nodeCount; i++)
            {
                counts[i + 1] += counts[i];
            }

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

            // counts becomes each row's next free position.
            Array.Copy(start, counts, nodeCount);
            var relationship = new int[m];
            var neighbour = new int[m];
            foreach (var r in byColumn.AsSpan(0, m))
            {
                var at = counts[row[r]]++;
                relationship[at] = r;
                neighbour[at] = column[r];
            }

            return new Csr(start, neighbour, relationship);
        }
        finally
        {
            ScratchArrays.Return(byColumn);
            ScratchArrays.Return(counts);
        }
    }

    /// <summary>
    /// Writes <paramref name="items"/> to <paramref name="sorted"/> ordered by <c>map[source[item]]</c>
    /// (0 … buckets − 1), keeping the order of equal keys.
    /// </summary>
    public static void StableSort(ReadOnlySpan<int> items, int[] source, int[] map, int buckets, Span<int> sorted)
    {
        var start = ScratchArrays.Rent(buckets + 1);
        try
        {
            Array.Clear(start, 0, buckets + 1);
            foreach (var item in items)
            {
                start[map[source[item]] + 1]++;
            }

            for (var b = 0; b < buckets; b++)
            {
                start[b + 1] += start[b];
            }

            foreach (var item in items)
            {
                sorted[start[map[source[item]]]++] = item;
            }
        }
        finally
        {
            ScratchArrays.Return(start);
        }
    }

    /// <summary>Both ways: each row merges a node's out-arcs and in-arcs by neighbour; a self-loop is one arc, not two.</summary>
    public static Csr Merge(Csr outgoing, Csr incoming, int[] from, int[] to)
    {
        // Sized exactly first (every arc but a self-loop's incoming copy), so the rows are allocated once, not grown
        // and copied: at a million relationships they are the largest arrays analytics hold.
        var n = outgoing.NodeCount;
        var selfLoops = 0;
        for (var r = 0; r < from.Length; r++)
        {
            selfLoops += from[r] == to[r] ? 1 : 0;
        }

        var start = new int[n + 1];
        var neighbour = new int[outgoing.Neighbour.Length + incoming.Neighbour.Length - selfLoops];
        var relationship = new int[neighbour.Length];
        var count = 0;
        for (var v = 0; v < n; v++)
        {
            start[v] = count;
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
                neighbour[count] = source.Neighbour[at];
                relationship[count++] = source.Relationship[at];
            }
        }

        start[n] = count;
        return new Csr(start, neighbour, relationship);
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
        // Counted first, then filled: the rows are allocated once at their size, not grown and copied.
        var n = arcs.NodeCount;
        var start = new int[n + 1];
        for (var v = 0; v < n; v++)
        {
            start[v + 1] = start[v] + Distinct(arcs, v, null, 0);
        }

        var neighbour = new int[start[n]];
        for (var v = 0; v < n; v++)
        {
            Distinct(arcs, v, neighbour, start[v]);
        }

        return new SimpleCsr(start, neighbour);
    }

    /// <summary>Node v's distinct neighbours other than itself: counted, and written from <paramref name="at"/> when given somewhere to.</summary>
    private static int Distinct(Csr arcs, int v, int[]? into, int at)
    {
        var count = 0;
        var previous = -1;
        for (var k = arcs.Start[v]; k < arcs.Start[v + 1]; k++)
        {
            // Rows are ordered by neighbour, so duplicates (parallel relationships) are adjacent.
            var w = arcs.Neighbour[k];
            if (w != v && w != previous)
            {
                if (into is not null)
                {
                    into[at + count] = w;
                }

                count++;
            }

            previous = w;
        }

        return count;
    }
}
