namespace TradeGraph.Core.Semantic;

/// <summary>A vector held for a key, with the fingerprint of the text it embeds.</summary>
public sealed record HeldVector(float[] Vector, long Fingerprint);

/// <summary>
/// Where <see cref="EntitySearch"/> finds the nearest vectors: the in-memory <see cref="VectorIndex"/> (SQLite) or a store's
/// own vector index (<see cref="StoreVectorSearch"/>: Neo4j). Hits carry the fingerprint of the text their vector embeds, so
/// the search keeps only those whose entity still has that text, wherever the vectors live.
/// </summary>
public interface IVectorSearch
{
    /// <summary>
    /// Up to <paramref name="limit"/> keys nearest to <paramref name="query"/> (cosine similarity), best first; only
    /// <paramref name="kinds"/>, never <paramref name="except"/>.
    /// </summary>
    Task<IReadOnlyList<VectorHit>> NearestAsync(float[] query, int limit, IReadOnlyCollection<string> kinds, string? except,
        CancellationToken cancellationToken);

    /// <summary>The vector held for <paramref name="key"/>, or null.</summary>
    Task<HeldVector?> VectorOfAsync(string key, CancellationToken cancellationToken);
}

/// <summary>
/// The primitives of a store that indexes vectors itself (Neo4j's native vector index), beside those every vector-keeping
/// store has (<see cref="IEmbeddingStore"/>). Vectors are per model, as there.
/// </summary>
public interface IVectorIndexStore : IEmbeddingStore
{
    /// <summary>The store's nearest entities of <paramref name="modelId"/>'s vectors, as <see cref="IVectorSearch.NearestAsync"/> says.</summary>
    Task<IReadOnlyList<VectorHit>> NearestEntitiesAsync(string modelId, float[] query, int limit, IReadOnlyCollection<string> kinds, string? except,
        CancellationToken cancellationToken);

    /// <summary>The stored vector of <paramref name="modelId"/> for an entity, or null.</summary>
    Task<HeldVector?> EntityVectorAsync(string modelId, string key, CancellationToken cancellationToken);
}

/// <summary>Nearest vectors from a store's own index, for one model.</summary>
public sealed class StoreVectorSearch(IVectorIndexStore store, string modelId) : IVectorSearch
{
    public Task<IReadOnlyList<VectorHit>> NearestAsync(float[] query, int limit, IReadOnlyCollection<string> kinds, string? except,
        CancellationToken cancellationToken) =>
        store.NearestEntitiesAsync(modelId, query, limit, kinds, except, cancellationToken);

    public Task<HeldVector?> VectorOfAsync(string key, CancellationToken cancellationToken) => store.EntityVectorAsync(modelId, key, cancellationToken);
}
