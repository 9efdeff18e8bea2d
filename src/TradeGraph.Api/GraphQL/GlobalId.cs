using System.Text;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// Opaque global ids for the Node interface, as Hot Chocolate 14/15 emit them: padded standard base64 of "Kind:key"
/// (<c>T2ZmaWNpYWw6eGktamlucGluZw==</c>). Ids this service gave out before (unpadded base64url) are still accepted.
/// </summary>
public static class GlobalId
{
    public static string Encode(string kind, string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{kind}:{key}"));

    public static (string Kind, string Key)? Decode(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        // base64url → standard alphabet, padding restored: one decoder for both forms.
        var standard = new StringBuilder(id.Length + 3).Append(id).Replace('-', '+').Replace('_', '/');
        standard.Append('=', (4 - (standard.Length % 4)) % 4);
        var bytes = new byte[standard.Length / 4 * 3];
        if (!Convert.TryFromBase64String(standard.ToString(), bytes, out var written))
        {
            return null;
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0 || colon == text.Length - 1 ? null : (text[..colon], text[(colon + 1)..]);
    }
}
