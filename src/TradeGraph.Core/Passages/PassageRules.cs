using TradeGraph.Core.Semantic;

namespace TradeGraph.Core.Passages;

/// <summary>
/// What a store does for passages beneath <see cref="PassageRules"/>: keep, read, match, list and keep vectors. A store
/// implements these (and the counting and streaming of <see cref="IPassageStore"/>); the rest of
/// <see cref="IPassageStore"/> is the rules, given here once as default members, so no store repeats them.
/// </summary>
public interface IPassagePrimitives : IPassageStore
{
    /// <summary>Keeps the passages (each names its source; at least one) as <see cref="IPassageStore.SavePassagesAsync"/> says.</summary>
    Task KeepPassagesAsync(IReadOnlyList<Passage> passages, CancellationToken cancellationToken);

    /// <summary>The passages of the sources (at least one key), in (source key, paragraph) order.</summary>
    Task<IReadOnlyList<Passage>> ReadPassagesAsync(IReadOnlyCollection<string> sourceKeys, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> (more than 0) passages with any of the words (at least one), best first.</summary>
    Task<IReadOnlyList<Passage>> MatchPassagesAsync(IReadOnlyList<string> words, int limit, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> passages with no vector of <paramref name="modelId"/>, in (source key, paragraph) order after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<Passage>> ReadStalePassagesAsync(string modelId, Passage? after, int limit, CancellationToken cancellationToken);

    /// <summary>In one transaction, sets each passage's vector where its text is still the save's; returns the keys set. Never called with nothing to save.</summary>
    Task<IReadOnlySet<string>> KeepPassageVectorsAsync(string modelId, IReadOnlyList<VectorSave<Passage>> saves, CancellationToken cancellationToken);

    Task IPassageStore.SavePassagesAsync(string sourceKey, IReadOnlyList<Passage> passages, CancellationToken cancellationToken) =>
        PassageRules.SaveAsync(this, sourceKey, passages, cancellationToken);

    Task<IReadOnlyDictionary<string, IReadOnlyList<Passage>>> IPassageStore.GetPassagesAsync(IReadOnlyCollection<string> sourceKeys,
        CancellationToken cancellationToken) => PassageRules.GetAsync(this, sourceKeys, cancellationToken);

    Task<IReadOnlyList<Passage>> IPassageStore.SearchPassagesAsync(IReadOnlyList<string> words, int limit, CancellationToken cancellationToken) =>
        PassageRules.SearchAsync(this, words, limit, cancellationToken);

    Task<IReadOnlyList<PassageTarget>> IPassageStore.ListStalePassagesAsync(string modelId, Passage? after, int limit, CancellationToken cancellationToken) =>
        PassageRules.ListStaleAsync(this, modelId, after, limit, cancellationToken);

    Task<IReadOnlyList<StoredEmbedding>> IPassageStore.SavePassageEmbeddingsAsync(string modelId,
        IReadOnlyList<(PassageTarget Target, QuantizedVector Vector)> embeddings, CancellationToken cancellationToken) =>
        PassageRules.SaveVectorsAsync(this, modelId, embeddings, cancellationToken);
}

/// <summary>
/// The store-independent part of <see cref="IPassageStore"/>, over a store's <see cref="IPassagePrimitives"/>: the
/// guards (nothing asked, nothing read), the source key stamped on each passage, the grouping by source and the saved
/// vectors' bookkeeping.
/// </summary>
public static class PassageRules
{
    public static Task SaveAsync(IPassagePrimitives store, string sourceKey, IReadOnlyList<Passage> passages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(passages);
        return passages.Count == 0
            ? Task.CompletedTask
            : store.KeepPassagesAsync([.. passages.Select(p => p with { SourceKey = sourceKey })], cancellationToken);
    }

    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<Passage>>> GetAsync(IPassagePrimitives store, IReadOnlyCollection<string> sourceKeys,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(sourceKeys);
        var found = sourceKeys.Count == 0 ? [] : await store.ReadPassagesAsync(sourceKeys, cancellationToken);
        return found.GroupBy(p => p.SourceKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<Passage>)[.. g], StringComparer.Ordinal);
    }

    public static Task<IReadOnlyList<Passage>> SearchAsync(IPassagePrimitives store, IReadOnlyList<string> words, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(words);
        return words.Count == 0 || limit <= 0 ? Task.FromResult<IReadOnlyList<Passage>>([]) : store.MatchPassagesAsync(words, limit, cancellationToken);
    }

    public static async Task<IReadOnlyList<PassageTarget>> ListStaleAsync(IPassagePrimitives store, string modelId, Passage? after, int limit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return [.. (await store.ReadStalePassagesAsync(modelId, after, limit, cancellationToken)).Select(p => new PassageTarget(p))];
    }

    /// <summary>Saves the vectors whose passage's text is unchanged and reports them (key: <see cref="Passage.Key"/>, kind: <see cref="PassageSearch.IndexKind"/>).</summary>
    public static Task<IReadOnlyList<StoredEmbedding>> SaveVectorsAsync(IPassagePrimitives store, string modelId,
        IReadOnlyList<(PassageTarget Target, QuantizedVector Vector)> embeddings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(embeddings);
        return VectorSaves.SaveAsync([.. embeddings.Select(e => new VectorSave<Passage>(e.Target.Passage, e.Target.Passage.Key, PassageSearch.IndexKind,
            e.Target.Passage.Text, e.Vector))], (saves, token) => store.KeepPassageVectorsAsync(modelId, saves, token), cancellationToken);
    }
}
