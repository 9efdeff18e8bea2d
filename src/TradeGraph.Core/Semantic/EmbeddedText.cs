using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Semantic;

/// <summary>
/// What is embedded for an entity — its name, kind, aliases and description — and a fingerprint of that text. A vector
/// is used only while its entity's fingerprint is the one it was made from, so a vector of old text is never used for
/// new text, whatever the order in which a write and a refresh reach memory.
/// </summary>
public static class EmbeddedText
{
    public static string Of(Entity entity) => Of(entity.Kind, entity.Name, entity.Aliases, entity.Description);

    public static string Of(string kind, string name, IReadOnlyList<string> aliases, string? description)
    {
        var text = new StringBuilder(name).Append(" (").Append(Words(kind)).Append(").");
        if (aliases.Count > 0)
        {
            text.Append(" Also: ").AppendJoin("; ", aliases).Append('.');
        }

        if (!string.IsNullOrWhiteSpace(description))
        {
            text.Append(' ').Append(description);
        }

        return text.ToString();
    }

    /// <summary>A stable 64-bit fingerprint of the text (the first 8 bytes of its SHA-256): the same in every process.</summary>
    public static long Fingerprint(string text)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return BinaryPrimitives.ReadInt64LittleEndian(hash);
    }

    // "TradeMeasure" reads as "trade measure" to a model trained on prose.
    private static string Words(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
