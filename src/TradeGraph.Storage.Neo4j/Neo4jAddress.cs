namespace TradeGraph.Storage.Neo4j;

/// <summary>
/// The Query API's HTTP address for what a user may paste as <c>NEO4J_URI</c>. Aura's credential files and Neo4j's own
/// tools write a Bolt address (<c>neo4j+s://&lt;id&gt;.databases.neo4j.io</c>); the Query API of the same server is
/// served over HTTP on the same host, so the address follows from it where the port can be known:
/// <list type="bullet">
/// <item><c>neo4j+s://host</c>, <c>bolt+s://host</c> → <c>https://host</c> (port 443, as on Aura; a Bolt port 7687 is dropped).</item>
/// <item><c>neo4j://host</c>, <c>bolt://host</c> (port 7687 or none) → <c>http://host:7474</c>, the default HTTP port of a self-managed server.</item>
/// <item><c>+ssc</c> schemes (any certificate trusted) and a Bolt port other than 7687 → not derived: the error says what to give.</item>
/// </list>
/// </summary>
public static class Neo4jAddress
{
    private const int DefaultBoltPort = 7687;
    private const int DefaultHttpPort = 7474;

    /// <summary>True for the schemes of the Bolt protocol (which the Query API does not speak).</summary>
    public static bool IsBolt(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.IsAbsoluteUri && uri.Scheme is "neo4j" or "neo4j+s" or "neo4j+ssc" or "bolt" or "bolt+s" or "bolt+ssc";
    }

    /// <summary>
    /// The HTTP address for <paramref name="uri"/>: itself when it is already http(s); derived from a Bolt address when
    /// the port can be known; otherwise null with <paramref name="problem"/> saying why and what to set instead.
    /// </summary>
    public static Uri? QueryApiBase(Uri uri, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(uri);
        problem = null;
        if (!IsBolt(uri))
        {
            return uri;
        }

        var host = uri.Host;
        var hasPort = !uri.IsDefaultPort && uri.Port > 0;
        switch (uri.Scheme)
        {
            case "neo4j+ssc" or "bolt+ssc":
                problem = $"'{Shown(uri)}' trusts any certificate (+ssc); the Query API client verifies certificates, so give the server's " +
                    $"https address instead (https://{host}:7473 on a self-managed server) and trust its certificate on this machine.";
                return null;
            case "neo4j+s" or "bolt+s" when !hasPort || uri.Port is DefaultBoltPort or 443:
                return new Uri($"https://{host}/");
            case "neo4j" or "bolt" when !hasPort || uri.Port == DefaultBoltPort:
                return new Uri($"http://{host}:{DefaultHttpPort}/");
            default:
                problem = $"'{Shown(uri)}' is a Bolt address on port {uri.Port}; the Query API's HTTP port cannot be derived from it, " +
                    "so give the server's http(s) address (port 7474 for http, 7473 for https by default).";
                return null;
        }
    }

    private static string Shown(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
}
