using System.ComponentModel.DataAnnotations;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>Limits of the GraphQL-over-HTTP transport.</summary>
public sealed class GraphQLHttpOptions
{
    public const string SectionName = "GraphQL:Http";

    /// <summary>Largest accepted POST body in bytes; larger bodies get 413.</summary>
    [Range(1_024, 100_000_000)]
    public long MaxRequestBodyBytes { get; set; } = 1_000_000;

    /// <summary>Longest accepted document in characters (GET or POST); longer ones are refused before parsing.</summary>
    [Range(100, 10_000_000)]
    public int MaxDocumentLength { get; set; } = 100_000;

    /// <summary>Time limit for executing one operation.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
