using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Semantic;

/// <summary>An entity whose vector is missing or stale, with the text to embed (<see cref="EmbeddedText"/>).</summary>
public sealed record EmbeddingTarget(Entity Entity)
{
    public string Text { get; } = EmbeddedText.Of(Entity);
}

/// <summary>
/// What a store does for semantic search: keep one vector per embedded text beside it. A store drops (marks stale) an
/// entity's vector in the same transaction as any change to the text it embeds, so a stored vector is never of old text;
/// <see cref="EmbeddingRefresher"/> embeds what is stale. Vectors are per model: another model's vectors count as stale.
/// Entities are the first subject; a source's paragraphs (passages) are the next, stored the same way under their own subject.
/// </summary>
public interface IEmbeddingStore
{
    /// <summary>Up to <paramref name="limit"/> entities with no vector of <paramref name="modelId"/>, in key order after <paramref name="afterKey"/>.</summary>
    Task<IReadOnlyList<EmbeddingTarget>> ListStaleEntitiesAsync(string modelId, string? afterKey, int limit, CancellationToken cancellationToken);

    /// <summary>How many entities have no vector of <paramref name="modelId"/>.</summary>
    Task<long> CountStaleEntitiesAsync(string modelId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores each target's vector in one transaction, but only where the entity's embedded text is still the target's (a
    /// write since it was listed leaves it stale, to be listed again); returns what was stored.
    /// </summary>
    Task<IReadOnlyList<StoredEmbedding>> SaveEntityEmbeddingsAsync(string modelId, IReadOnlyList<(EmbeddingTarget Target, QuantizedVector Vector)> embeddings,
        CancellationToken cancellationToken);

    /// <summary>Every stored entity vector of <paramref name="modelId"/>, for an in-memory index.</summary>
    IAsyncEnumerable<StoredEmbedding> StreamEntityEmbeddingsAsync(string modelId, CancellationToken cancellationToken);
}
