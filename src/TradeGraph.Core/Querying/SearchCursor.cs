using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace TradeGraph.Core.Querying;

/// <summary>
/// Keyset cursors for ranked search: the score and key of the hit they point at. One format, so a cursor made by the
/// store answers the same page when the read model answers the next one, and the other way round.
/// </summary>
public static class SearchCursor
{
    public static string Encode(double score, string key) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes("s:" + score.ToString("R", CultureInfo.InvariantCulture) + ":" + key));

    public static SearchPosition Decode(string cursor)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(':', 3);
            if (parts is ["s", var score, var key] && double.TryParse(score, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return new SearchPosition(value, key);
            }
        }
        catch (FormatException)
        {
            // Falls through to the clear error below.
        }

        throw new InvalidCursorException(cursor);
    }

    /// <summary>Whether the text is a search cursor this service could have made.</summary>
    public static bool IsWellFormed(string cursor)
    {
        try
        {
            Decode(cursor);
            return true;
        }
        catch (InvalidCursorException)
        {
            return false;
        }
    }
}

/// <summary>A hit's place in a ranking: best score first, then by key.</summary>
public sealed record SearchPosition(double Score, string Key)
{
    /// <summary>Whether a hit at (<paramref name="score"/>, <paramref name="key"/>) ranks after this place, keys compared by <paramref name="compareKeys"/>.</summary>
    public bool IsFollowedBy(double score, string key, Comparison<string> compareKeys) =>
        score < Score || (score == Score && compareKeys(key, Key) > 0);

    /// <summary>Whether a hit at (<paramref name="score"/>, <paramref name="key"/>) ranks before this place.</summary>
    public bool IsPrecededBy(double score, string key, Comparison<string> compareKeys) =>
        score > Score || (score == Score && compareKeys(key, Key) < 0);
}

/// <summary>The part of a ranking a page request opens: the hits strictly after its <c>after</c> cursor and before its <c>before</c> cursor.</summary>
public sealed record SearchWindow(SearchPosition? After, SearchPosition? Before)
{
    /// <summary>The window of <paramref name="page"/>'s cursors; <see cref="InvalidCursorException"/> for one that is not a search cursor.</summary>
    public static SearchWindow Of(PageRequest page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new SearchWindow(Position(page.After), Position(page.Before));
    }

    public bool Contains(double score, string key, Comparison<string> compareKeys) =>
        (After is null || After.IsFollowedBy(score, key, compareKeys)) && (Before is null || Before.IsPrecededBy(score, key, compareKeys));

    private static SearchPosition? Position(string? cursor) => cursor is null ? null : SearchCursor.Decode(cursor);
}
