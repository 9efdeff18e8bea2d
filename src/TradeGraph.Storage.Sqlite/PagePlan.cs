using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// The SQL of one keyset page over entity alias <c>e</c>: the order (sort expressions, then key), the cursor conditions
/// and the check for rows beyond the page's start. Backward pages read the reversed order and are flipped afterwards;
/// one extra row tells whether more lie beyond the page's end.
/// </summary>
internal sealed class PagePlan
{
    private readonly IReadOnlyList<SortKey> _sortKeys;
    private readonly string[] _expressions;

    public PagePlan(SqlQueryTranslator translator, EntityKind kind, IReadOnlyList<SortKey> sortKeys, PageRequest page)
    {
        _sortKeys = sortKeys;
        _expressions = [.. sortKeys.Select(k => translator.SortExpression(k, "e", kind))];
        Forward = page.Last is null || page.First is not null;
        Size = (Forward ? page.First : page.Last) ?? int.MaxValue - 1;

        var order = _expressions.Select((e, i) => (e, sortKeys[i].Descending)).ToList();
        var reversed = order.Select(o => (o.e, !o.Descending)).ToList();
        var after = page.After is null ? null : Position(translator, order, page.After, keyDescending: false);
        var before = page.Before is null ? null : Position(translator, reversed, page.Before, keyDescending: true);
        Conditions = string.Concat(new[] { after, before }.Where(c => c is not null).Select(c => " AND " + c));
        var start = Forward ? after : before;
        BeyondStart = start is null ? "0" : $"NOT {start}";
        OrderBy = string.Join(", ", (Forward ? order : reversed).Select(o => $"{o.Item1} {(o.Item2 ? "DESC" : "ASC")}")
            .Append(Forward ? "e.key ASC" : "e.key DESC"));
        SortColumns = string.Concat(_expressions.Select((e, i) => $", {e} AS sort{i}"));
    }

    public bool Forward { get; }

    public int Size { get; }

    /// <summary>" AND …" conditions for the cursors (empty without cursors).</summary>
    public string Conditions { get; }

    /// <summary>Matches rows on the far side of the cursor the page starts from: their existence sets the opposite flag.</summary>
    public string BeyondStart { get; }

    /// <summary>The ORDER BY list the rows are read in.</summary>
    public string OrderBy { get; }

    /// <summary>", expr AS sort0, …": the sort values, read back to make cursors.</summary>
    public string SortColumns { get; }

    public long Limit => (long)Size + 1;

    public string CursorFor(IReadOnlyList<object?> sortValues, string key) => Cursor.Encode(_sortKeys, sortValues, key);

    public Page<T> ToPage<T>(List<(T Item, string Cursor)> rows, bool beyondStart)
    {
        var more = rows.Count > Size;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        if (!Forward)
        {
            rows.Reverse();
        }

        var items = rows.Select(r => new PageItem<T>(r.Item, r.Cursor)).ToList();
        return Forward ? new Page<T>(items, more, beyondStart) : new Page<T>(items, beyondStart, more);
    }

    private string Position(SqlQueryTranslator translator, List<(string, bool)> order, string cursor, bool keyDescending)
    {
        var (values, key) = Cursor.Decode(cursor, _sortKeys);
        return translator.After(order, values, "e.key", key, keyDescending);
    }
}
