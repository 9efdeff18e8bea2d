using Microsoft.Data.Sqlite;
using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// Turns a <see cref="PageRequest"/> into keyset SQL over a key column: forward pages read key &gt; after ascending,
/// backward pages read key &lt; before descending; one extra row tells whether more lie beyond the page.
/// </summary>
internal sealed record KeysetWindow(bool Forward, int Size, string? After, string? Before)
{
    public static KeysetWindow From(PageRequest page)
    {
        var forward = page.Last is null || page.First is not null;
        var size = (forward ? page.First : page.Last) ?? int.MaxValue - 1;
        return new KeysetWindow(
            forward,
            size,
            page.After is null ? null : Cursor.Decode(page.After),
            page.Before is null ? null : Cursor.Decode(page.Before));
    }

    public string Order => Forward ? "ASC" : "DESC";

    public string Conditions(string keyColumn) =>
        (After is null ? "" : $" AND {keyColumn} > @after") + (Before is null ? "" : $" AND {keyColumn} < @before");

    /// <summary>Rows on the far side of the cursor the page starts from (they make the opposite page flag true).</summary>
    public string BeyondCondition(string keyColumn) => Forward
        ? (After is null ? "0" : $"{keyColumn} <= @after")
        : (Before is null ? "0" : $"{keyColumn} >= @before");

    public void Bind(SqliteCommand command)
    {
        command.Parameters.AddWithValue("@limit", (long)Size + 1);
        if (After is not null)
        {
            command.Parameters.AddWithValue("@after", After);
        }

        if (Before is not null)
        {
            command.Parameters.AddWithValue("@before", Before);
        }
    }

    public Page<T> ToPage<T>(List<T> rows, bool beyondStart, Func<T, string> key)
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

        var items = rows.Select(r => new PageItem<T>(r, Cursor.Encode(key(r)))).ToList();
        return Forward ? new Page<T>(items, more, beyondStart) : new Page<T>(items, beyondStart, more);
    }
}
