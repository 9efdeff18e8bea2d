using TradeGraph.Core.Semantic;

namespace TradeGraph.Core.Passages;

/// <summary>
/// A passage store that indexes passage vectors itself (Neo4j's native vector index), as <see cref="IVectorIndexStore"/> is
/// for entities: the nearest passages come from the store, not from an in-memory <see cref="VectorIndex"/>.
/// </summary>
public interface IPassageVectorIndexStore : IPassageStore
{
    /// <summary>Up to <paramref name="limit"/> passages (key: <see cref="Passage.Key"/>) nearest to <paramref name="query"/> among <paramref name="modelId"/>'s vectors, best first.</summary>
    Task<IReadOnlyList<VectorHit>> NearestPassagesAsync(string modelId, float[] query, int limit, CancellationToken cancellationToken);
}

/// <summary>Nearest passages from a store's own vector index, for one model.</summary>
public sealed class StorePassageVectorSearch(IPassageVectorIndexStore store, string modelId) : IVectorSearch
{
    /// <summary>Passages have one kind (<see cref="PassageSearch.IndexKind"/>) and no "similar to" query, so kinds and except are not used.</summary>
    public Task<IReadOnlyList<VectorHit>> NearestAsync(float[] query, int limit, IReadOnlyCollection<string> kinds, string? except,
        CancellationToken cancellationToken) =>
        store.NearestPassagesAsync(modelId, query, limit, cancellationToken);

    /// <summary>No search asks a passage's own vector (there is no "similar passages"); none is read.</summary>
    public Task<HeldVector?> VectorOfAsync(string key, CancellationToken cancellationToken) => Task.FromResult<HeldVector?>(null);
}
