namespace TradeGraph.Core.Semantic;

/// <summary>Progress of a refresh: vectors stored so far, and how many were stale when it started.</summary>
public readonly record struct RefreshProgress(long Stored, long StaleAtStart);

/// <summary>
/// Embeds every stale entity of a store, a batch at a time (list, embed, save where the text is unchanged), and adds what
/// was stored to an index when one is given. One pass in key order: an entity written again meanwhile is left for the next.
/// </summary>
public sealed class EmbeddingRefresher(IEmbeddingStore store, ITextEmbedder embedder, int batchSize = 64)
{
    public async Task<long> RefreshAsync(VectorIndex? index, IProgress<RefreshProgress>? progress, CancellationToken cancellationToken)
    {
        var staleAtStart = progress is null ? 0 : await store.CountStaleEntitiesAsync(embedder.ModelId, cancellationToken).ConfigureAwait(false);
        long stored = 0;
        string? after = null;
        while (true)
        {
            var targets = await store.ListStaleEntitiesAsync(embedder.ModelId, after, batchSize, cancellationToken).ConfigureAwait(false);
            if (targets.Count == 0)
            {
                return stored;
            }

            var vectors = await embedder.EmbedAsync([.. targets.Select(t => t.Text)], cancellationToken).ConfigureAwait(false);
            var saved = await store.SaveEntityEmbeddingsAsync(embedder.ModelId,
                [.. targets.Select((t, i) => (t, QuantizedVector.From(vectors[i])))], cancellationToken).ConfigureAwait(false);
            foreach (var embedding in saved)
            {
                index?.Upsert(embedding);
            }

            stored += saved.Count;
            after = targets[^1].Entity.Key;
            progress?.Report(new RefreshProgress(stored, staleAtStart));
        }
    }
}
