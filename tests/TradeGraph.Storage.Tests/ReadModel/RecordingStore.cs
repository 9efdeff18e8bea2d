using System.Runtime.CompilerServices;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;

namespace TradeGraph.Storage.Tests.ReadModel;

/// <summary>
/// A store that passes every call to another and records how the whole graph was read: exports, streamed reads and
/// the facts they yielded; a streamed read can be held after <see cref="PauseAfter"/> facts until <see cref="Resume"/>.
/// </summary>
public sealed class RecordingStore(IGraphStore inner) : IGraphStore
{
    private int _exports;
    private int _streams;
    private int _streamed;

    public int Exports => Volatile.Read(ref _exports);

    public int Streams => Volatile.Read(ref _streams);

    /// <summary>Facts yielded by streamed reads so far.</summary>
    public int Streamed => Volatile.Read(ref _streamed);

    /// <summary>A streamed read stops before yielding this many-th fact until <see cref="Resume"/> completes (0: never).</summary>
    public int PauseAfter { get; init; }

    public TaskCompletionSource Paused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Resume { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async IAsyncEnumerable<GraphElement> StreamGraphAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _streams);
        await foreach (var fact in inner.StreamGraphAsync(cancellationToken).WithCancellation(cancellationToken))
        {
            if (Interlocked.Increment(ref _streamed) == PauseAfter)
            {
                Paused.TrySetResult();
                await Resume.Task.WaitAsync(cancellationToken);
            }

            yield return fact;
        }
    }

    public Task<GraphDocument> ExportAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _exports);
        return inner.ExportAsync(cancellationToken);
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<IReadOnlyDictionary<string, Entity>> GetEntitiesAsync(IReadOnlyCollection<string> keys, EntityParts parts, CancellationToken cancellationToken) =>
        inner.GetEntitiesAsync(keys, parts, cancellationToken);

    public Task<Page<Entity>> ListEntitiesAsync(EntityQuery query, CancellationToken cancellationToken) => inner.ListEntitiesAsync(query, cancellationToken);

    public Task<long> CountEntitiesAsync(string kind, Filter? filter, CancellationToken cancellationToken) => inner.CountEntitiesAsync(kind, filter, cancellationToken);

    public Task<Aggregate> AggregateEntitiesAsync(string kind, Filter? filter, IReadOnlyCollection<string> properties, CancellationToken cancellationToken) =>
        inner.AggregateEntitiesAsync(kind, filter, properties, cancellationToken);

    public Task<IReadOnlyDictionary<string, Page<RelatedEntity>>> ListRelatedAsync(RelatedQuery query, CancellationToken cancellationToken) =>
        inner.ListRelatedAsync(query, cancellationToken);

    public Task<IReadOnlyDictionary<string, long>> CountRelatedAsync(RelatedQuery query, CancellationToken cancellationToken) =>
        inner.CountRelatedAsync(query, cancellationToken);

    public Task<IReadOnlyDictionary<string, Aggregate>> AggregateRelatedAsync(RelatedQuery query, IReadOnlyCollection<string> properties, CancellationToken cancellationToken) =>
        inner.AggregateRelatedAsync(query, properties, cancellationToken);

    public Task<IReadOnlyList<SearchHit>> SearchAsync(string text, int limit, CancellationToken cancellationToken) => inner.SearchAsync(text, limit, cancellationToken);

    public Task<Page<SearchHit>> SearchRankedAsync(SearchQuery query, CancellationToken cancellationToken) => inner.SearchRankedAsync(query, cancellationToken);

    public Task<ImportResult> ImportAsync(GraphDocument document, CancellationToken cancellationToken) => inner.ImportAsync(document, cancellationToken);

    public Task<WriteResult> ApplyAsync(WriteBatch batch, CancellationToken cancellationToken) => inner.ApplyAsync(batch, cancellationToken);

    public Task<IReadOnlyDictionary<string, IReadOnlyList<Revision>>> GetHistoryAsync(IReadOnlyCollection<string> factKeys, CancellationToken cancellationToken) =>
        inner.GetHistoryAsync(factKeys, cancellationToken);

    public Task<RevisionLog> ReadRevisionsAsync(long afterRevision, int limit, CancellationToken cancellationToken) =>
        inner.ReadRevisionsAsync(afterRevision, limit, cancellationToken);

    public Task<IReadOnlyDictionary<string, Page<CitedFact>>> ListCitedFactsAsync(IReadOnlyCollection<string> sourceKeys, PageRequest page, CancellationToken cancellationToken) =>
        inner.ListCitedFactsAsync(sourceKeys, page, cancellationToken);

    public Task<GraphTopology> ReadTopologyAsync(CancellationToken cancellationToken) => inner.ReadTopologyAsync(cancellationToken);

    public Task<GraphStatistics> GetStatisticsAsync(CancellationToken cancellationToken) => inner.GetStatisticsAsync(cancellationToken);
}
