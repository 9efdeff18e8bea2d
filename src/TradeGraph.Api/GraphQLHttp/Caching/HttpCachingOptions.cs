using System.ComponentModel.DataAnnotations;

namespace TradeGraph.Api.GraphQLHttp.Caching;

/// <summary>HTTP caching of GET queries: an <c>ETag</c>, <c>If-None-Match</c> answered with 304, and <c>Cache-Control</c>.</summary>
public sealed class HttpCachingOptions
{
    public const string SectionName = "GraphQL:HttpCaching";

    /// <summary>Whether successful GET queries carry an ETag (and are revalidated with 304).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The Cache-Control of an answer with an ETag (every other /graphql answer keeps <c>no-store</c>).</summary>
    [Required]
    [MinLength(1)]
    public string CacheControl { get; set; } = "private, max-age=0, must-revalidate";
}
