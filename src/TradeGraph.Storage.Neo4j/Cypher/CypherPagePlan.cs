using System.Globalization;
using SortKey = TradeGraph.Core.Querying.SortKey;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Neo4j.Cypher;

/// <summary>
/// One keyset page over node variable <c>n</c>, as the SQLite store's PagePlan: the sort values (bound as s0, s1, … by
/// <see cref="SortColumns"/>), the cursor conditions on them, the order (sort values, then key) and the check for rows
/// beyond the page's start. Backward pages read the reversed order and are flipped afterwards; one extra row tells
/// whether more lie beyond the page's end. Cursors are the shared <see cref="Cursor"/> format.
/// </summary>
internal sealed class CypherPagePlan
{
    private readonly IReadOnlyList<SortKey> _sortKeys;
    private readonly KeysetPaging _paging;

    public CypherPagePlan(CypherQueryTranslator translator, EntityKind kind, IReadOnlyList<SortKey> sortKeys, PageRequest page, string node)
    {
        _sortKeys = sortKeys;
        var sorts = sortKeys.Select((k, i) =>
        {
            var (expression, isDate) = translator.SortExpression(k, node, kind);
            return (Expression: expression, Alias: "s" + i.ToString(CultureInfo.InvariantCulture), k.Descending, IsDate: isDate);
        }).ToList();
        SortColumns = [.. sorts.Select(s => $"{s.Expression} AS {s.Alias}")];
        SortAliases = [.. sorts.Select(s => s.Alias)];
        _paging = KeysetPaging.Of(page);

        var key = Cypher.Property(node, StoreProperty.Key);
        var order = sorts.Select(s => (s.Alias, s.Descending, s.IsDate)).ToList();
        var reversed = order.Select(o => (o.Alias, !o.Descending, o.IsDate)).ToList();
        var after = page.After is null ? null : Position(translator, order, page.After, key, keyDescending: false);
        var before = page.Before is null ? null : Position(translator, reversed, page.Before, key, keyDescending: true);
        Conditions = Cypher.And(new[] { after, before }.OfType<string>());
        var start = Forward ? after : before;
        BeyondStart = start is null ? null : $"NOT {start}";
        OrderBy = [.. (Forward ? order : reversed).SelectMany(o => CypherQueryTranslator.OrderItems(o.Alias, o.Item2)).Append(Forward ? $"{key} ASC" : $"{key} DESC")];
    }

    public bool Forward => _paging.Forward;

    public int Size => _paging.Size;

    /// <summary>"expression AS s0", …: the sort values, bound once, read back to make cursors.</summary>
    public IReadOnlyList<string> SortColumns { get; }

    public IReadOnlyList<string> SortAliases { get; }

    /// <summary>The cursor conditions on the sort values and key ("true" without cursors).</summary>
    public string Conditions { get; }

    /// <summary>Matches rows on the far side of the cursor the page starts from (null: there is no such cursor, so none).</summary>
    public string? BeyondStart { get; }

    /// <summary>The ORDER BY items the rows are read in.</summary>
    public IReadOnlyList<string> OrderBy { get; }

    public long Limit => _paging.Limit;

    /// <summary>A cursor for an item from its sort values as read (dates become their 'YYYY-MM-DD' text, as in SQLite's cursors).</summary>
    public string CursorFor(IReadOnlyList<object?> sortValues, string key) =>
        Cursor.Encode(_sortKeys, [.. sortValues.Select(v => v is DateOnly date ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : v)], key);

    public Page<T> ToPage<T>(List<(T Item, string Cursor)> rows, bool beyondStart) =>
        _paging.ToPage(rows.ConvertAll(r => new PageItem<T>(r.Item, r.Cursor)), beyondStart);

    private string Position(CypherQueryTranslator translator, List<(string, bool, bool)> order, string cursor, string key, bool keyDescending)
    {
        var (values, cursorKey) = Cursor.Decode(cursor, _sortKeys);
        return translator.After(order, values, key, cursorKey, keyDescending);
    }
}
