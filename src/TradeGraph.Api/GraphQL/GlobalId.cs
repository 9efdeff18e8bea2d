using System.Buffers.Text;
using System.Text;

namespace TradeGraph.Api.GraphQL;

/// <summary>Opaque global ids for the Node interface: base64url of "Kind:key".</summary>
public static class GlobalId
{
    public static string Encode(string kind, string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{kind}:{key}"));

    public static (string Kind, string Key)? Decode(string id)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(id));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon <= 0 || colon == text.Length - 1 ? null : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
