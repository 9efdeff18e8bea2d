using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// The SQL of one keyset page over entity alias <c>e</c>: the order (sort values, then key), the cursor conditions and
/// the check for rows beyond the page's start. Each sort expression is computed once per row, as a column s0, s1, … of
/// the rows' select (<see cref="SortColumns"/>); the order and the cursor conditions name those columns, so a long order
/// or a relationship count (a correlated subquery) is not repeated for every later key. Backward pages read the reversed
/// order and are flipped afterwards; one extra row tells whether more lie beyond the page's end.
/// </summary>
internal sealed class PagePlan
{
    private readonly IReadOnlyList<SortKey> _sortKeys;
    private readonly KeysetPaging _paging;

    public PagePlan(SqlQueryTranslator translator, EntityKind kind, IReadOnlyList<SortKey> sortKeys, PageRequest page)
    {
        _sortKeys = sortKeys;
        var expressions = sortKeys.Select(k => translator.SortExpression(k, "e", kind)).ToList();
        _paging = KeysetPaging.Of(page);

        var order = sortKeys.Select((k, i) => (Column: SortColumn(i), k.Descending)).ToList();
        var reversed = order.Select(o => (o.Column, !o.Descending)).ToList();
        var after = page.After is null ? null : Position(translator, order, page.After, keyDescending: false);
        var before = page.Before is null ? null : Position(translator, reversed, page.Before, keyDescending: true);
        Conditions = string.Concat(new[] { after, before }.Where(c => c is not null).Select(c => " AND " + c));
        var start = Forward ? after : before;
        BeyondStart = start is null ? null : $"NOT {start}";
        OrderBy = string.Join(", ", (Forward ? order : reversed).Select(o => $"{o.Item1} {(o.Item2 ? "DESC" : "ASC")}")
            .Append(Forward ? "e.key ASC" : "e.key DESC"));
        SortColumns = string.Concat(expressions.Select((e, i) => $", {e} AS s{i}"));
        SortValues = string.Concat(order.Select(o => ", " + o.Column));
    }

    public bool Forward => _paging.Forward;

    public int Size => _paging.Size;

    /// <summary>" AND …" conditions for the cursors on the sort columns of <c>e</c> (empty without cursors).</summary>
    public string Conditions { get; }

    /// <summary>
    /// Matches rows of <c>e</c> (with its sort columns) on the far side of the cursor the page starts from: their
    /// existence sets the opposite flag. Null without such a cursor: there are none, and nothing need be computed.
    /// </summary>
    public string? BeyondStart { get; }

    /// <summary>The ORDER BY list the rows are read in, over the sort columns of <c>e</c> and its key.</summary>
    public string OrderBy { get; }

    /// <summary>", expr AS s0, …": the sort expressions, each once, for the select that reads entity <c>e</c>'s rows.</summary>
    public string SortColumns { get; }

    /// <summary>", e.s0, …": the sort values of a select over <see cref="SortColumns"/>, read back to make cursors.</summary>
    public string SortValues { get; }

    public long Limit => _paging.Limit;

    public string CursorFor(IReadOnlyList<object?> sortValues, string key) => Cursor.Encode(_sortKeys, sortValues, key);

    public Page<T> ToPage<T>(List<(T Item, string Cursor)> rows, bool beyondStart) =>
        _paging.ToPage(rows.ConvertAll(r => new PageItem<T>(r.Item, r.Cursor)), beyondStart);

    private static string SortColumn(int index) => "e.s" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string Position(SqlQueryTranslator translator, List<(string, bool)> order, string cursor, bool keyDescending)
    {
        var (values, key) = Cursor.Decode(cursor, _sortKeys);
        return translator.After(order, values, "e.key", key, keyDescending);
    }
}
