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

    public static (double? Score, string? Key) Decode(string cursor)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(':', 3);
            if (parts is ["s", var score, var key] && double.TryParse(score, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return (value, key);
            }
        }
        catch (FormatException)
        {
            // Falls through to the clear error below.
        }

        throw new InvalidCursorException(cursor);
    }
}
