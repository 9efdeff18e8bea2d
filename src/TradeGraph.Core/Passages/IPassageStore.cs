using TradeGraph.Core.Semantic;

namespace TradeGraph.Core.Passages;

/// <summary>A passage whose vector is missing or stale (its text changed since it was embedded).</summary>
public sealed record PassageTarget(Passage Passage);

/// <summary>
/// What a store does for passages: keep a source's paragraphs as text, search them by words, and keep one vector per
/// passage beside them (dropped in the same transaction as a change to its text, as an entity's is:
/// <see cref="IEmbeddingStore"/>).
/// </summary>
public interface IPassageStore
{
    /// <summary>
    /// Stores the source's passages: a new paragraph is added, a changed text replaced (its vector dropped), an unchanged
    /// one left as it is; other paragraphs of the source are kept. Nothing for an unknown source.
    /// </summary>
    Task SavePassagesAsync(string sourceKey, IReadOnlyList<Passage> passages, CancellationToken cancellationToken);

    /// <summary>Each known source's passages in paragraph order (a source without passages is absent).</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<Passage>>> GetPassagesAsync(IReadOnlyCollection<string> sourceKeys, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> passages with any of the words (as word prefixes), best first by BM25.</summary>
    Task<IReadOnlyList<Passage>> SearchPassagesAsync(IReadOnlyList<string> words, int limit, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> passages with no vector of <paramref name="modelId"/>, in (source key, paragraph) order after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<PassageTarget>> ListStalePassagesAsync(string modelId, Passage? after, int limit, CancellationToken cancellationToken);

    /// <summary>How many passages have no vector of <paramref name="modelId"/>.</summary>
    Task<long> CountStalePassagesAsync(string modelId, CancellationToken cancellationToken);

    /// <summary>Stores each vector in one transaction where the passage's text is still the one embedded; returns what was stored (key: <see cref="Passage.Key"/>).</summary>
    Task<IReadOnlyList<StoredEmbedding>> SavePassageEmbeddingsAsync(string modelId, IReadOnlyList<(PassageTarget Target, QuantizedVector Vector)> embeddings,
        CancellationToken cancellationToken);

    /// <summary>Every stored passage vector of <paramref name="modelId"/> (key: <see cref="Passage.Key"/>), for an in-memory index.</summary>
    IAsyncEnumerable<StoredEmbedding> StreamPassageEmbeddingsAsync(string modelId, CancellationToken cancellationToken);
}
