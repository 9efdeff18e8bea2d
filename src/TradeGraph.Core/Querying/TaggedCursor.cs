using System.Text.Json;

namespace TradeGraph.Core.Querying;

/// <summary>
/// An opaque cursor as the stores write a position that is not a sort key (e.g. a cited fact's): base64 of the JSON
/// array [tag, part, …]. A cursor that is not one, or not of this tag, is refused as <see cref="InvalidCursorException"/>.
/// </summary>
public static class TaggedCursor
{
    public static string Encode(string tag, params object?[] parts) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes<object?[]>([tag, .. parts]));

    /// <summary>The position in <paramref name="cursor"/>, read from its parts by <paramref name="read"/> (null when they do not fit).</summary>
    public static T Decode<T>(string cursor, string tag, Func<JsonElement[], T?> read)
        where T : class
    {
        try
        {
            if (JsonSerializer.Deserialize<JsonElement[]>(Convert.FromBase64String(cursor)) is [{ ValueKind: JsonValueKind.String } first, .. var parts]
                && first.GetString() == tag && read(parts) is { } position)
            {
                return position;
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            // Falls through to the refusal below.
        }

        throw new InvalidCursorException(cursor);
    }
}
