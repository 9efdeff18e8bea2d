using System.Runtime.CompilerServices;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Writing;

namespace TradeGraph.Core.Storage;

/// <summary>
/// The port every storage backend implements. Reads are batched: one call answers for many keys or many anchors,
/// so the GraphQL layer makes a number of store round trips that grows with the depth of a query, never with its rows.
/// </summary>
public interface IGraphStore
{
    /// <summary>Creates or migrates the store's schema. Idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Whole entities by key, of any kind; missing keys are absent from the result.</summary>
    Task<IReadOnlyDictionary<string, Entity>> GetEntitiesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        GetEntitiesAsync(keys, EntityParts.All, cancellationToken);

    /// <summary>Entities by key, of any kind, with only the <paramref name="parts"/> asked for; missing keys are absent from the result.</summary>
    Task<IReadOnlyDictionary<string, Entity>> GetEntitiesAsync(IReadOnlyCollection<string> keys, EntityParts parts, CancellationToken cancellationToken);

    /// <summary>A page of the entities of one kind that match the query's filter, in its order, then by key.</summary>
    Task<Page<Entity>> ListEntitiesAsync(EntityQuery query, CancellationToken cancellationToken);

    /// <summary>How many entities of one kind match <paramref name="filter"/>, counted without loading them.</summary>
    Task<long> CountEntitiesAsync(string kind, Filter? filter, CancellationToken cancellationToken);

    /// <summary>The count and, per named numeric or date property, the min and max over the matching entities.</summary>
    Task<Aggregate> AggregateEntitiesAsync(string kind, Filter? filter, IReadOnlyCollection<string> properties, CancellationToken cancellationToken);

    /// <summary>For each anchor, a page of the matching entities one hop away. Anchors with none map to an empty page.</summary>
    Task<IReadOnlyDictionary<string, Page<RelatedEntity>>> ListRelatedAsync(RelatedQuery query, CancellationToken cancellationToken);

    /// <summary>For each anchor, how many matching entities are one hop away (the query's page is ignored).</summary>
    Task<IReadOnlyDictionary<string, long>> CountRelatedAsync(RelatedQuery query, CancellationToken cancellationToken);

    /// <summary>For each anchor, the aggregate over the matching entities one hop away (the query's page is ignored).</summary>
    Task<IReadOnlyDictionary<string, Aggregate>> AggregateRelatedAsync(RelatedQuery query, IReadOnlyCollection<string> properties, CancellationToken cancellationToken);

    /// <summary>Entities whose name or an alias contains <paramref name="text"/>, ignoring case and accents, best match first.</summary>
    Task<IReadOnlyList<SearchHit>> SearchAsync(string text, int limit, CancellationToken cancellationToken);

    /// <summary>Ranked full-text search, best first (ties by key), paged with keyset cursors over (score, key).</summary>
    Task<Page<SearchHit>> SearchRankedAsync(SearchQuery query, CancellationToken cancellationToken);

    /// <summary>Upserts a whole document in one transaction, by entity key and by (type, from, to). All or nothing.</summary>
    Task<ImportResult> ImportAsync(GraphDocument document, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="ImportAsync(GraphDocument, CancellationToken)"/>, telling <paramref name="progress"/> how many of the
    /// document's facts (entities, then relationships) are done as it goes; the commit follows the last report. A store
    /// that cannot tell imports without reporting.
    /// </summary>
    Task<ImportResult> ImportAsync(GraphDocument document, IProgress<long>? progress, CancellationToken cancellationToken) =>
        ImportAsync(document, cancellationToken);

    /// <summary>
    /// Applies a batch of writes in one transaction, durable when this returns; or, when any write is refused,
    /// throws <see cref="GraphWriteException"/> naming every refusal and changes nothing. Records each change in history.
    /// </summary>
    Task<WriteResult> ApplyAsync(WriteBatch batch, CancellationToken cancellationToken);

    /// <summary>For each fact (by <see cref="FactKey"/>), its revisions, newest first. Facts never changed map to an empty list.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<Revision>>> GetHistoryAsync(IReadOnlyCollection<string> factKeys, CancellationToken cancellationToken);

    /// <summary>
    /// The committed revision log after <paramref name="afterRevision"/>: at most <paramref name="limit"/> revisions in
    /// order (0: none, only the latest revision and the replay floor — what a follower polls), each with the facts it
    /// changed. Every replica follows the store through this, so another process's commits are seen too.
    /// </summary>
    Task<RevisionLog> ReadRevisionsAsync(long afterRevision, int limit, CancellationToken cancellationToken);

    /// <summary>For each source key, a page of the facts it supports (entities first, then relationships, in a stable order).</summary>
    Task<IReadOnlyDictionary<string, Page<CitedFact>>> ListCitedFactsAsync(IReadOnlyCollection<string> sourceKeys, PageRequest page, CancellationToken cancellationToken);

    /// <summary>The whole graph as one document, entities and relationships ordered by key, with their citations.</summary>
    Task<GraphDocument> ExportAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The whole graph as <see cref="ExportAsync"/> reads it (one consistent read), one fact at a time: every entity in
    /// key order, then every relationship (in no particular order), each with its citations. What a reader that keeps its
    /// own copy of the graph builds from without the whole document held at once. By default, from <see cref="ExportAsync"/>.
    /// </summary>
    async IAsyncEnumerable<GraphElement> StreamGraphAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var document = await ExportAsync(cancellationToken).ConfigureAwait(false);
        foreach (var fact in GraphElement.All(document))
        {
            yield return fact;
        }
    }

    /// <summary>
    /// The graph's shape, for analytics projections (<see cref="GraphTopology"/>): every entity's kind, key and dates,
    /// every relationship's type and ends, with its dates and the numbers a weight may read; no names, aliases,
    /// descriptions, other properties or citations. Reading only that makes a projection of a large graph quick to
    /// (re)build and small to hold. By default, from <see cref="ExportAsync"/>.
    /// </summary>
    async Task<GraphTopology> ReadTopologyAsync(CancellationToken cancellationToken) =>
        GraphTopology.From(await ExportAsync(cancellationToken).ConfigureAwait(false), cancellationToken);

    /// <summary>Counts by kind and by type.</summary>
    Task<GraphStatistics> GetStatisticsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Whether the store holds no entity: what start-up asks before seeding an empty store. By default from
    /// <see cref="GetStatisticsAsync"/>; a store that can answer without counting the graph (a million rows before the
    /// first request; issue 13) does.
    /// </summary>
    async Task<bool> IsEmptyAsync(CancellationToken cancellationToken) =>
        (await GetStatisticsAsync(cancellationToken).ConfigureAwait(false)).EntityCount == 0;
}
