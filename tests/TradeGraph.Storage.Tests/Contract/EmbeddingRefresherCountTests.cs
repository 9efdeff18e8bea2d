using System.Runtime.CompilerServices;
using TradeGraph.Core.Semantic;
using TradeGraph.Storage.Tests.Neo4j;

namespace TradeGraph.Storage.Tests.Contract;

/// <summary>The stale count is taken once per refresh, by the refresher (Core), whether a caller shows it as a total or not.</summary>
public sealed class EmbeddingRefresherCountTests
{
    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 1)]
    public async Task AProgressedRefreshCountsTheStoreOnceAndNotAgainWhenTheCallerHasTheCount(bool countedByRefresh, int expectedCounts)
    {
        var (_, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        var counting = new CountingStore(store);
        var refresher = new EmbeddingRefresher(counting, new WordHashEmbedder(), batchSize: 2);
        var reports = new List<RefreshProgress>();
        var progress = new SynchronousProgress(reports.Add);

        long? known = countedByRefresh ? null : await refresher.CountStaleAsync(CancellationToken.None);
        var countsBefore = counting.Counts;
        var stored = await refresher.RefreshAsync(null, progress, known, CancellationToken.None);

        Assert.Equal(expectedCounts, counting.Counts - countsBefore);
        Assert.True(stored > 0);
        Assert.All(reports, r => Assert.Equal(stored, r.StaleAtStart));
    }

    private sealed class SynchronousProgress(Action<RefreshProgress> report) : IProgress<RefreshProgress>
    {
        public void Report(RefreshProgress value) => report(value);
    }

    private sealed class CountingStore(IEmbeddingStore inner) : IEmbeddingStore
    {
        public int Counts { get; private set; }

        public Task<IReadOnlyList<EmbeddingTarget>> ListStaleEntitiesAsync(string modelId, string? afterKey, int limit, CancellationToken cancellationToken) =>
            inner.ListStaleEntitiesAsync(modelId, afterKey, limit, cancellationToken);

        public Task<long> CountStaleEntitiesAsync(string modelId, CancellationToken cancellationToken)
        {
            Counts++;
            return inner.CountStaleEntitiesAsync(modelId, cancellationToken);
        }

        public Task<IReadOnlyList<StoredEmbedding>> SaveEntityEmbeddingsAsync(string modelId,
            IReadOnlyList<(EmbeddingTarget Target, QuantizedVector Vector)> embeddings, CancellationToken cancellationToken) =>
            inner.SaveEntityEmbeddingsAsync(modelId, embeddings, cancellationToken);

        public async IAsyncEnumerable<StoredEmbedding> StreamEntityEmbeddingsAsync(string modelId, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var embedding in inner.StreamEntityEmbeddingsAsync(modelId, cancellationToken))
            {
                yield return embedding;
            }
        }
    }
}
