using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace TradeGraph.Core.Querying;

/// <summary>
/// Keyset cursors: a cursor encodes the sort values and the key of the item it points at, never an offset, so a page
/// stays right while items are added or removed before it. It also carries a hash of the order it was made for:
/// a cursor from one order cannot be used with another.
/// </summary>
public static class Cursor
{
    public static string Encode(IReadOnlyList<SortKey> order, IReadOnlyList<object?> values, string key)
    {
        var json = JsonSerializer.Serialize(new object?[] { Fingerprint(order), values, key });
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>The sort values and key a cursor points at; <see cref="InvalidCursorException"/> when it was not made for <paramref name="order"/>.</summary>
    public static (IReadOnlyList<object?> Values, string Key) Decode(string cursor, IReadOnlyList<SortKey> order)
    {
        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(cursor));
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() == 3
                && root[0].ValueKind == JsonValueKind.String && root[0].GetString() == Fingerprint(order)
                && root[1].ValueKind == JsonValueKind.Array && root[1].GetArrayLength() == order.Count
                && root[2].ValueKind == JsonValueKind.String)
            {
                return ([.. root[1].EnumerateArray().Select(Value)], root[2].GetString()!);
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            // Falls through to the clear error below.
        }

        throw new InvalidCursorException(cursor);
    }

    /// <summary>Whether the text could be a cursor at all (the order it was made for is checked when it is used).</summary>
    public static bool IsWellFormed(string cursor)
    {
        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(cursor));
            return document.RootElement is { ValueKind: JsonValueKind.Array } root && root.GetArrayLength() == 3;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }

    private static object? Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.TryGetInt64(out var integer) => integer,
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static string Fingerprint(IReadOnlyList<SortKey> order) =>
        order.Count == 0 ? "key" : string.Join(",", order.Select(k => k.Signature));
}
