using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Tests.Hosting;

/// <summary>A store that passes every call to another, after <see cref="BeforeCall"/>: for tests that make a store misbehave.</summary>
public abstract class DelegatingGraphStore(IGraphStore inner) : IGraphStore
{
    protected abstract void BeforeCall();

    private T Pass<T>(Func<IGraphStore, T> call)
    {
        BeforeCall();
        return call(inner);
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<IReadOnlyDictionary<string, Entity>> GetEntitiesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        Pass(s => s.GetEntitiesAsync(keys, cancellationToken));

    public virtual Task<IReadOnlyDictionary<string, Entity>> GetEntitiesAsync(IReadOnlyCollection<string> keys, EntityParts parts, CancellationToken cancellationToken) =>
        Pass(s => s.GetEntitiesAsync(keys, parts, cancellationToken));

    public Task<Page<Entity>> ListEntitiesAsync(EntityQuery query, CancellationToken cancellationToken) => Pass(s => s.ListEntitiesAsync(query, cancellationToken));

    public Task<long> CountEntitiesAsync(string kind, Filter? filter, CancellationToken cancellationToken) =>
        Pass(s => s.CountEntitiesAsync(kind, filter, cancellationToken));

    public Task<Aggregate> AggregateEntitiesAsync(string kind, Filter? filter, IReadOnlyCollection<string> properties, CancellationToken cancellationToken) =>
        Pass(s => s.AggregateEntitiesAsync(kind, filter, properties, cancellationToken));

    public Task<IReadOnlyDictionary<string, Page<RelatedEntity>>> ListRelatedAsync(RelatedQuery query, CancellationToken cancellationToken) =>
        Pass(s => s.ListRelatedAsync(query, cancellationToken));

    public Task<IReadOnlyDictionary<string, long>> CountRelatedAsync(RelatedQuery query, CancellationToken cancellationToken) =>
        Pass(s => s.CountRelatedAsync(query, cancellationToken));

    public Task<IReadOnlyDictionary<string, Aggregate>> AggregateRelatedAsync(RelatedQuery query, IReadOnlyCollection<string> properties, CancellationToken cancellationToken) =>
        Pass(s => s.AggregateRelatedAsync(query, properties, cancellationToken));

    public Task<IReadOnlyList<SearchHit>> SearchAsync(string text, int limit, CancellationToken cancellationToken) =>
        Pass(s => s.SearchAsync(text, limit, cancellationToken));

    public Task<Page<SearchHit>> SearchRankedAsync(SearchQuery query, CancellationToken cancellationToken) => Pass(s => s.SearchRankedAsync(query, cancellationToken));

    public Task<ImportResult> ImportAsync(GraphDocument document, CancellationToken cancellationToken) => Pass(s => s.ImportAsync(document, cancellationToken));

    public Task<WriteResult> ApplyAsync(WriteBatch batch, CancellationToken cancellationToken) => Pass(s => s.ApplyAsync(batch, cancellationToken));

    public Task<IReadOnlyDictionary<string, IReadOnlyList<Revision>>> GetHistoryAsync(IReadOnlyCollection<string> factKeys, CancellationToken cancellationToken) =>
        Pass(s => s.GetHistoryAsync(factKeys, cancellationToken));

    public Task<RevisionLog> ReadRevisionsAsync(long afterRevision, int limit, CancellationToken cancellationToken) =>
        Pass(s => s.ReadRevisionsAsync(afterRevision, limit, cancellationToken));

    public Task<IReadOnlyDictionary<string, Page<CitedFact>>> ListCitedFactsAsync(IReadOnlyCollection<string> sourceKeys, PageRequest page, CancellationToken cancellationToken) =>
        Pass(s => s.ListCitedFactsAsync(sourceKeys, page, cancellationToken));

    public Task<GraphDocument> ExportAsync(CancellationToken cancellationToken) => Pass(s => s.ExportAsync(cancellationToken));

    public Task<GraphStatistics> GetStatisticsAsync(CancellationToken cancellationToken) => Pass(s => s.GetStatisticsAsync(cancellationToken));
}
