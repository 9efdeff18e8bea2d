using TradeGraph.Core.Passages;
using TradeGraph.Core.Writing;

namespace TradeGraph.Core.Semantic;

/// <summary>Progress of a refresh: vectors stored so far, and how many were stale when it started.</summary>
public readonly record struct RefreshProgress(long Stored, long StaleAtStart);

/// <summary>
/// Embeds every stale entity (or passage) of a store, a batch at a time (list, embed, save where the text is unchanged),
/// and adds what was stored to an index when one is given. One pass in key order: a text written again meanwhile is left for the next.
/// With a <see cref="WritePrecedence"/> (the server's background refresh) it gives way to user writes: it embeds a batch in
/// runs of <see cref="YieldingRunSize"/> texts, waiting for quiet before each, and saves under a token a user write cancels
/// (the save rolls back and runs again: it stores only where the text is still the one embedded, so a repeat is harmless).
/// </summary>
public sealed class EmbeddingRefresher(IEmbeddingStore store, ITextEmbedder embedder, int batchSize = 64, WritePrecedence? precedence = null)
{
    /// <summary>Texts per model call while giving way to writes: a user write competes with at most one such run.</summary>
    public const int YieldingRunSize = 16;

    /// <summary>How many entities are stale for this refresher's model: the one count a caller shows as the total to do.</summary>
    public Task<long> CountStaleAsync(CancellationToken cancellationToken) => store.CountStaleEntitiesAsync(embedder.ModelId, cancellationToken);

    /// <summary>Embeds every stale entity, adding what is stored to <paramref name="index"/> when one is given.</summary>
    public Task<long> RefreshAsync(VectorIndex? index, IProgress<RefreshProgress>? progress, CancellationToken cancellationToken) =>
        RefreshAsync(index, progress, staleAtStart: null, cancellationToken);

    /// <summary>
    /// As <see cref="RefreshAsync(VectorIndex?, IProgress{RefreshProgress}?, CancellationToken)"/>; with a progress, the stale count
    /// at start is counted once (<see cref="CountStaleAsync"/>), unless the caller already has it (<paramref name="staleAtStart"/>).
    /// </summary>
    public Task<long> RefreshAsync(VectorIndex? index, IProgress<RefreshProgress>? progress, long? staleAtStart, CancellationToken cancellationToken) =>
        RefreshAsync<EmbeddingTarget>(
            () => staleAtStart is { } known ? Task.FromResult(known) : CountStaleAsync(cancellationToken),
            last => store.ListStaleEntitiesAsync(embedder.ModelId, last?.Entity.Key, batchSize, cancellationToken),
            target => target.Text,
            (batch, token) => store.SaveEntityEmbeddingsAsync(embedder.ModelId, batch, token),
            index, progress, cancellationToken);

    /// <summary>The same for a store's passages (their text is what is embedded).</summary>
    public Task<long> RefreshPassagesAsync(IPassageStore passages, VectorIndex? index, IProgress<RefreshProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passages);
        return RefreshAsync<PassageTarget>(
            () => passages.CountStalePassagesAsync(embedder.ModelId, cancellationToken),
            last => passages.ListStalePassagesAsync(embedder.ModelId, last?.Passage, batchSize, cancellationToken),
            target => target.Passage.Text,
            (batch, token) => passages.SavePassageEmbeddingsAsync(embedder.ModelId, batch, token),
            index, progress, cancellationToken);
    }

    private async Task<long> RefreshAsync<TTarget>(
        Func<Task<long>> countStale,
        Func<TTarget?, Task<IReadOnlyList<TTarget>>> listStale,
        Func<TTarget, string> textOf,
        Func<IReadOnlyList<(TTarget, QuantizedVector)>, CancellationToken, Task<IReadOnlyList<StoredEmbedding>>> save,
        VectorIndex? index, IProgress<RefreshProgress>? progress, CancellationToken cancellationToken)
        where TTarget : class
    {
        var staleAtStart = progress is null ? 0 : await countStale().ConfigureAwait(false);
        long stored = 0;
        TTarget? last = null;
        while (true)
        {
            var targets = await listStale(last).ConfigureAwait(false);
            if (targets.Count == 0)
            {
                return stored;
            }

            var vectors = await EmbedAsync([.. targets.Select(textOf)], cancellationToken).ConfigureAwait(false);
            List<(TTarget, QuantizedVector)> batch = [.. targets.Select((t, i) => (t, QuantizedVector.From(vectors[i])))];
            var saved = precedence is null
                ? await save(batch, cancellationToken).ConfigureAwait(false)
                : await precedence.RunYieldingAsync(token => save(batch, token), cancellationToken).ConfigureAwait(false);
            foreach (var embedding in saved)
            {
                index?.Upsert(embedding);
            }

            stored += saved.Count;
            last = targets[^1];
            progress?.Report(new RefreshProgress(stored, staleAtStart));
        }
    }

    private async Task<float[][]> EmbedAsync(string[] texts, CancellationToken cancellationToken)
    {
        if (precedence is null)
        {
            return await embedder.EmbedAsync(texts, cancellationToken).ConfigureAwait(false);
        }

        var runs = new TextRuns(texts, YieldingRunSize);
        foreach (var run in runs.Runs)
        {
            await precedence.WaitForQuietAsync(cancellationToken).ConfigureAwait(false);
            runs.Put(run, await embedder.EmbedAsync(run, cancellationToken).ConfigureAwait(false));
        }

        return runs.Vectors();
    }
}
