namespace TradeGraph.Core.Semantic;

/// <summary>
/// What a store does for entity vectors beneath <see cref="EmbeddingRules"/>: list entities without a vector and keep
/// vectors where the text is unchanged (counting and streaming are <see cref="IEmbeddingStore"/>'s own). The rest of
/// <see cref="IEmbeddingStore"/> is the rules, given here once as default members, so no store repeats them.
/// </summary>
public interface IEmbeddingPrimitives : IEmbeddingStore
{
    /// <summary>Up to <paramref name="limit"/> entities (name, kind, aliases, description at least) with no vector of <paramref name="modelId"/>, in key order after <paramref name="afterKey"/>.</summary>
    Task<IReadOnlyList<Graph.Entity>> ReadStaleEntitiesAsync(string modelId, string? afterKey, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction, sets each entity's vector where its embedded text is still the save's (a write since it was
    /// listed leaves it stale); returns the keys set. Never called with nothing to save.
    /// </summary>
    Task<IReadOnlySet<string>> KeepEntityVectorsAsync(string modelId, IReadOnlyList<VectorSave<Graph.Entity>> saves, CancellationToken cancellationToken);

    Task<IReadOnlyList<EmbeddingTarget>> IEmbeddingStore.ListStaleEntitiesAsync(string modelId, string? afterKey, int limit, CancellationToken cancellationToken) =>
        EmbeddingRules.ListStaleAsync(this, modelId, afterKey, limit, cancellationToken);

    Task<IReadOnlyList<StoredEmbedding>> IEmbeddingStore.SaveEntityEmbeddingsAsync(string modelId,
        IReadOnlyList<(EmbeddingTarget Target, QuantizedVector Vector)> embeddings, CancellationToken cancellationToken) =>
        EmbeddingRules.SaveAsync(this, modelId, embeddings, cancellationToken);
}

/// <summary>The store-independent part of <see cref="IEmbeddingStore"/>, over a store's <see cref="IEmbeddingPrimitives"/>.</summary>
public static class EmbeddingRules
{
    public static async Task<IReadOnlyList<EmbeddingTarget>> ListStaleAsync(IEmbeddingPrimitives store, string modelId, string? afterKey, int limit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return [.. (await store.ReadStaleEntitiesAsync(modelId, afterKey, limit, cancellationToken)).Select(e => new EmbeddingTarget(e))];
    }

    /// <summary>Saves the vectors whose entity's text is unchanged and reports them, as <see cref="IEmbeddingStore.SaveEntityEmbeddingsAsync"/> says.</summary>
    public static Task<IReadOnlyList<StoredEmbedding>> SaveAsync(IEmbeddingPrimitives store, string modelId,
        IReadOnlyList<(EmbeddingTarget Target, QuantizedVector Vector)> embeddings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(embeddings);
        return VectorSaves.SaveAsync([.. embeddings.Select(e => new VectorSave<Graph.Entity>(e.Target.Entity, e.Target.Entity.Key, e.Target.Entity.Kind,
            e.Target.Text, e.Vector))], (saves, token) => store.KeepEntityVectorsAsync(modelId, saves, token), cancellationToken);
    }
}
