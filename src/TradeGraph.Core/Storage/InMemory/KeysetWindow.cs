using TradeGraph.Core.Querying;

namespace TradeGraph.Core.Storage.InMemory;

/// <summary>A row a page may hold: an entity, and what the relationship it was reached over carries (related lists).</summary>
internal readonly record struct Candidate(GraphNode Node, RelationshipFacts? Facts);

/// <summary>
/// One keyset page over matching rows, with the store of record's rules (the SQLite store's PagePlan): rows ordered by
/// the sort values (NULL first ascending, last descending), then by key; <c>after</c> / <c>before</c> cursors keep the
/// rows strictly beyond them; <c>last</c> reads the reversed order and flips it; one row more than the page tells
/// whether more lie beyond its end; and a row on the far side of the cursor the page starts from sets the opposite
/// flag. As in SQL, a row whose value is NULL where an ascending cursor's is not is neither after nor (for that flag)
/// before it.
/// </summary>
internal sealed class KeysetWindow
{
    private readonly IReadOnlyList<SortKey> _order;
    private readonly Func<GraphNode, object?>[] _readers;
    private readonly bool[] _descending;
    private readonly Position? _after;
    private readonly Position? _before;
    private readonly KeysetPaging _paging;

    public KeysetWindow(IReadOnlyList<SortKey> order, Func<GraphNode, object?>[] readers, PageRequest page)
    {
        _order = order;
        _readers = readers;
        _descending = [.. order.Select(k => k.Descending)];
        _paging = KeysetPaging.Of(page);
        _after = page.After is null ? null : Decode(page.After);
        _before = page.Before is null ? null : Decode(page.Before);
    }

    public bool Forward => _paging.Forward;

    public int Size => _paging.Size;

    public Page<T> Take<T>(IEnumerable<Candidate> matching, Func<Candidate, T> item) => Take(matching, item, inReadingOrder: false);

    /// <summary>
    /// As <see cref="Take{T}(IEnumerable{Candidate}, Func{Candidate, T})"/>, for rows that come already in the order the
    /// page is read in by the first sort key (by key when there is no order): stops once the page, one more row and every
    /// row tied with it on that key are read — nothing further on can belong to the page, nor lie before its start.
    /// </summary>
    public Page<T> TakeInReadingOrder<T>(IEnumerable<Candidate> matching, Func<Candidate, T> item) => Take(matching, item, inReadingOrder: true);

    private Page<T> Take<T>(IEnumerable<Candidate> matching, Func<Candidate, T> item, bool inReadingOrder)
    {
        var start = Forward ? _after : _before;
        var beyondStart = false;
        // Read in order, a page reads about its size (and one more row, and ties); a bounded first guess otherwise.
        var rows = new List<Row>(inReadingOrder ? Math.Min(Size, 64) + 2 : 16);
        foreach (var candidate in matching)
        {
            var values = new object?[_readers.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = _readers[i](candidate.Node);
            }

            var row = new Row(candidate, values, _order);
            if (inReadingOrder && rows.Count > Size && !TiedOnFirstKey(rows[^1], row))
            {
                break;
            }

            beyondStart |= start is not null && IsAfter(row, start, reversed: !Forward) == false;
            if ((_after is null || IsAfter(row, _after, reversed: false) == true) && (_before is null || IsAfter(row, _before, reversed: true) == true))
            {
                rows.Add(row);
            }
        }

        Comparison<Row> order = Forward ? Compare : (a, b) => Compare(b, a);
        var first = First(rows, Size + 1, order);
        var read = new List<PageItem<T>>(first.Count);
        foreach (var row in first)
        {
            read.Add(new PageItem<T>(item(row.Candidate), row));
        }

        return _paging.ToPage(read, beyondStart);
    }

    private bool TiedOnFirstKey(Row a, Row b) => _descending.Length > 0 && StoredValues.Compare(a.Values[0], b.Values[0]) == 0;

    /// <summary>The order rows are read in going forward: sort values, then key.</summary>
    private int Compare(Row a, Row b)
    {
        for (var i = 0; i < _descending.Length; i++)
        {
            var order = StoredValues.Compare(a.Values[i], b.Values[i]);
            if (order != 0)
            {
                return _descending[i] ? -order : order;
            }
        }

        return StoredValues.CompareText(a.Candidate.Node.Key, b.Candidate.Node.Key);
    }

    /// <summary>
    /// Whether the row lies strictly after the cursor's position in the order (<paramref name="reversed"/>: in the reversed
    /// order, key descending); null where SQL's answer is unknown (the row's value NULL, the cursor's not, ascending).
    /// </summary>
    private bool? IsAfter(Row row, Position position, bool reversed)
    {
        for (var i = 0; i < _descending.Length; i++)
        {
            var (mine, theirs) = (row.Values[i], position.Values[i]);
            if (StoredValues.Same(mine, theirs))
            {
                continue;
            }

            var descending = _descending[i] != reversed;
            return (descending, theirs, mine) switch
            {
                (false, null, _) => true,
                (false, _, null) => null,
                (false, _, _) => StoredValues.Compare(mine, theirs) > 0,
                (true, null, _) => false,
                (true, _, null) => true,
                (true, _, _) => StoredValues.Compare(mine, theirs) < 0,
            };
        }

        var byKey = StoredValues.CompareText(row.Candidate.Node.Key, position.Key);
        return reversed ? byKey < 0 : byKey > 0;
    }

    /// <summary>The first <paramref name="count"/> rows in <paramref name="order"/>, sorted (a bounded heap when few are wanted).</summary>
    private static List<Row> First(List<Row> rows, int count, Comparison<Row> order)
    {
        if (count >= rows.Count)
        {
            // Rows read in the page's order (an indexed run) are most often sorted already: checking costs a pass, sorting more.
            if (!InOrder(rows, order))
            {
                rows.Sort(order);
            }

            return rows;
        }

        // A max-heap of the best rows so far: its top is the worst of them, replaced by any better row.
        var heap = new PriorityQueue<Row, Row>(count + 1, Comparer<Row>.Create((a, b) => order(b, a)));
        foreach (var row in rows)
        {
            if (heap.Count < count)
            {
                heap.Enqueue(row, row);
            }
            else if (order(row, heap.Peek()) < 0)
            {
                heap.DequeueEnqueue(row, row);
            }
        }

        var best = new List<Row>(heap.Count);
        while (heap.TryDequeue(out var row, out _))
        {
            best.Add(row);
        }

        best.Reverse();
        return best;
    }

    private static bool InOrder(List<Row> rows, Comparison<Row> order)
    {
        for (var i = 1; i < rows.Count; i++)
        {
            if (order(rows[i - 1], rows[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private Position Decode(string cursor)
    {
        var (values, key) = Cursor.Decode(cursor, _order);
        return new Position([.. values.Select(StoredValues.FromCursor)], key);
    }

    private sealed record Position(object?[] Values, string Key);

    /// <summary>A row read, its sort values, and so its cursor (encoded only when asked).</summary>
    private sealed class Row(Candidate candidate, object?[] values, IReadOnlyList<SortKey> order) : ICursorSource
    {
        public Candidate Candidate { get; } = candidate;

        public object?[] Values { get; } = values;

        public string EncodeCursor() => Cursor.Encode(order, Array.ConvertAll(Values, StoredValues.ForCursor), Candidate.Node.Key);
    }
}
