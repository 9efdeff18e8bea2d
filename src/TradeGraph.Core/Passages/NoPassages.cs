using System.Runtime.CompilerServices;
using TradeGraph.Core.Semantic;

namespace TradeGraph.Core.Passages;

/// <summary>A store that keeps no passages (a test's wrapper around the store): nothing is kept, nothing found.</summary>
public sealed class NoPassages : IPassageStore
{
    public static NoPassages Instance { get; } = new();

    public Task SavePassagesAsync(string sourceKey, IReadOnlyList<Passage> passages, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyDictionary<string, IReadOnlyList<Passage>>> GetPassagesAsync(IReadOnlyCollection<string> sourceKeys, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<Passage>>>(new Dictionary<string, IReadOnlyList<Passage>>());

    public Task<IReadOnlyList<Passage>> SearchPassagesAsync(IReadOnlyList<string> words, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Passage>>([]);

    public Task<IReadOnlyList<PassageTarget>> ListStalePassagesAsync(string modelId, Passage? after, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PassageTarget>>([]);

    public Task<long> CountStalePassagesAsync(string modelId, CancellationToken cancellationToken) => Task.FromResult(0L);

    public Task<IReadOnlyList<StoredEmbedding>> SavePassageEmbeddingsAsync(string modelId, IReadOnlyList<(PassageTarget Target, QuantizedVector Vector)> embeddings,
        CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<StoredEmbedding>>([]);

    public async IAsyncEnumerable<StoredEmbedding> StreamPassageEmbeddingsAsync(string modelId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        yield break;
    }
}
