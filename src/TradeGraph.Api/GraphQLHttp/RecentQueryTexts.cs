using System.Text.Json;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>
/// The <c>query</c> strings of recent bodies by their JSON text as sent (escapes and all). A client sends the same few
/// documents with new variables; decoding the same text into a new string each time, then comparing it char by char
/// with the cached document's, is work (and garbage) per request. Equal JSON text decodes to an equal string, so the
/// string made the first time is returned again. A fixed number of slots, each replaced by the last text that hashed to it.
/// </summary>
internal static class RecentQueryTexts
{
    /// <summary>Longer texts are decoded each time (they are rare; a slot should not hold a large one).</summary>
    public const int MaxLength = 16 * 1024;

    private const int SlotCount = 64;

    private static readonly Entry?[] Slots = new Entry?[SlotCount];

    /// <summary>The string value the reader is on (<see cref="JsonTokenType.String"/>).</summary>
    public static string Read(ref Utf8JsonReader json)
    {
        if (json.HasValueSequence || json.ValueSpan.Length > MaxLength)
        {
            return json.GetString()!;
        }

        var raw = json.ValueSpan;
        var hash = new HashCode();
        hash.AddBytes(raw);
        ref var slot = ref Slots[(uint)hash.ToHashCode() % SlotCount];
        if (Volatile.Read(ref slot) is { } known && raw.SequenceEqual(known.Raw))
        {
            return known.Text;
        }

        var text = json.GetString()!;
        Volatile.Write(ref slot, new Entry(raw.ToArray(), text));
        return text;
    }

    private sealed record Entry(byte[] Raw, string Text);
}
