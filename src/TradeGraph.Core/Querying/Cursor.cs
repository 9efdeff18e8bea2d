using System.Buffers.Text;
using System.Text;

namespace TradeGraph.Core.Querying;

/// <summary>
/// Keyset cursors: a cursor encodes the sort key of the item it points at (today the entity key),
/// never an offset, so a page stays right while items are added or removed before it.
/// </summary>
public static class Cursor
{
    private const string Prefix = "k:";

    public static string Encode(string sortKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + sortKey));

    public static string Decode(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            if (text.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return text[Prefix.Length..];
            }
        }
        catch (FormatException)
        {
            // Falls through to the clear error below.
        }

        throw new InvalidCursorException(cursor);
    }
}
