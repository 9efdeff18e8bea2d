using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace TradeGraph.Api.GraphQLHttp.Caching;

/// <summary>
/// Entity tags of GET query answers: a hash of the graph version (<see cref="ResponseCache.Version"/>, which every committed
/// write and import moves on) and the response cache's key of the request (document, operation name, variables, media
/// type and the caller's partition), so a tag changes whenever the answer could. Only a successful query answer gets one:
/// never a mutation, an error, a cost report (<c>GraphQL-Cost</c>), a POST or a stream. A request whose
/// <c>If-None-Match</c> holds the current tag is answered 304 without executing anything.
/// </summary>
internal sealed class EntityTags(IOptions<HttpCachingOptions> options)
{
    /// <summary>The tag a GET answer to the request with <paramref name="requestKey"/> has at <paramref name="graphVersion"/>; null when it has none.</summary>
    public string? TagFor(string? requestKey, long graphVersion)
    {
        // A negative version is one no answer is kept for (the analytics snapshot is behind the graph): no tag either.
        if (!options.Value.Enabled || requestKey is null || graphVersion < 0)
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(graphVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\u0001" + requestKey));
        return "\"" + Convert.ToHexStringLower(hash.AsSpan(0, 16)) + "\"";
    }

    /// <summary>Whether the request's <c>If-None-Match</c> holds <paramref name="tag"/> (weak comparison, as RFC 9110 asks for GET) or <c>*</c>.</summary>
    public static bool Matches(HttpRequest request, string tag)
    {
        var header = request.Headers.IfNoneMatch;
        return header.Count > 0 && EntityTagHeaderValue.TryParseList(header, out var tags)
            && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Tag.Equals(tag, StringComparison.Ordinal));
    }

    /// <summary>The request headers besides the key's (which HttpHardening adds) that change a tagged answer: its media type, a cost report.</summary>
    public const string VaryingHeaders = "Accept, " + GraphQLCostHeader.Name;

    /// <summary>
    /// Marks an answer as revalidatable: its tag, the configured Cache-Control (instead of <c>no-store</c>), and <c>Vary</c>
    /// naming what else selects the representation, so a shared cache never answers one Accept or GraphQL-Cost with another's.
    /// </summary>
    public void Apply(HttpResponse response, string tag)
    {
        response.Headers.ETag = tag;
        response.Headers.CacheControl = options.Value.CacheControl;
        Security.HttpHardening.AddVary(response.Headers, VaryingHeaders);
    }

    /// <summary>Answers 304 Not Modified with the tag, and no body.</summary>
    public void NotModified(HttpResponse response, string tag)
    {
        response.StatusCode = StatusCodes.Status304NotModified;
        Apply(response, tag);
    }
}
