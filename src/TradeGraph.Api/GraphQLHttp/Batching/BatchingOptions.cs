using System.ComponentModel.DataAnnotations;

namespace TradeGraph.Api.GraphQLHttp.Batching;

/// <summary>Batches over POST: a JSON array of requests, or one request with an array of variable sets.</summary>
public sealed class BatchingOptions
{
    public const string SectionName = "GraphQL:Batching";

    /// <summary>Whether batches are accepted; off, a batch gets 400.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Most operations in one batch (after variable sets are counted one by one); more gets 400 BATCH_TOO_LARGE.</summary>
    [Range(1, 1_000)]
    public int MaxBatchSize { get; set; } = 20;
}
