using System.Collections.Concurrent;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.GraphQL.Loading;

/// <summary>
/// The store as one GraphQL request sees it: batch loaders for every nested field, so a level of the selection costs
/// one store call however many parent rows it has, and a count of the store round trips the request made. A query that
/// sorts or filters by a score (<see cref="ScoreTable"/>) gets its scores from <paramref name="scores"/> first.
/// </summary>
public sealed class RequestLoaders(IGraphStore store, IScoreSource scores)
{
    /// <summary>Where the request's user context holds this request's loaders (set before execution).</summary>
    public const string ContextKey = "TradeGraph.RequestLoaders";

    // Made by the first field that needs one: a concurrent dictionary is costly to make, and a root field that reads
    // no relationship (a path, a key lookup through the entity loader) never does.
    private ConcurrentDictionary<(object Field, string What), object>? _loaders;
    private BatchLoader<string, Entity>? _entities;
    private int _roundTrips;

    /// <summary>Store calls this request has made so far.</summary>
    public int RoundTrips => Volatile.Read(ref _roundTrips);

    /// <summary>
    /// Forgets every value loaded so far (the round-trip count stays): after a mutation in a batch, whose later operations
    /// share these loaders and must see its writes.
    /// </summary>
    public void ForgetLoadedValues()
    {
        Volatile.Read(ref _loaders)?.Clear();
        _entities = null;
    }

    /// <summary>Entities by key, each occurrence loading with the parts its selection needs (<see cref="SelectedParts"/>).</summary>
    public BatchLoader<string, Entity> Entities =>
        LazyInitializer.EnsureInitialized(ref _entities, () => new BatchLoader<string, Entity>((keys, parts, ct) => Count(store.GetEntitiesAsync(keys, parts, ct))));

    /// <summary>Revisions by fact key (<see cref="FactKey"/>): one store call for every history field of a level.</summary>
    public BatchLoader<string, IReadOnlyList<Revision>> History =>
        Loader(typeof(Revision), "history", () => new BatchLoader<string, IReadOnlyList<Revision>>((facts, ct) => Count(store.GetHistoryAsync(facts, ct))));

    /// <summary>The facts each source supports, for one field occurrence (its page arguments).</summary>
    public BatchLoader<string, Page<CitedFact>> CitedFacts(object field, PageRequest page) =>
        Loader(field, "cited", () => new BatchLoader<string, Page<CitedFact>>((sources, ct) => Count(store.ListCitedFactsAsync(sources, page, ct))));

    /// <summary>
    /// The loader for one relationship field occurrence. <paramref name="field"/> identifies it (the field's node in the
    /// document: every parent resolving it shares the same arguments); <paramref name="query"/> builds the store query for
    /// the anchors of a batch and the union of the parts its occurrences need.
    /// </summary>
    public BatchLoader<string, Page<RelatedEntity>> Related(object field, Func<IReadOnlyCollection<string>, EntityParts, RelatedQuery> query) =>
        Loader(field, "list", () => new BatchLoader<string, Page<RelatedEntity>>((anchors, parts, ct) => Scored(query(anchors, parts), q => store.ListRelatedAsync(q, ct), ct)));

    /// <summary>
    /// Relationships of one type by their ends (<see cref="EndsKey"/>): one store call per type for a level, anchored at
    /// the from ends and filtered to the to ends. What a path or a subgraph names by type and ends, with its properties and sources.
    /// </summary>
    public BatchLoader<string, Relationship> Relationships(RelationshipType type) =>
        Loader(type, "by-ends", () => new BatchLoader<string, Relationship>(async (ends, ct) =>
        {
            var pairs = ends.Select(e => e.Split('\n', 2)).ToList();
            var targets = pairs.Select(p => p[1]).Distinct(StringComparer.Ordinal).ToList();
            var query = new RelatedQuery(
                type, Direction.Outgoing, [.. pairs.Select(p => p[0]).Distinct(StringComparer.Ordinal)], new PageRequest(First: targets.Count),
                new FieldComparison("key", ComparisonOperator.In, targets.Cast<object?>().ToList()),
                Parts: EntityParts.RelationshipProperties | EntityParts.RelationshipSources);
            var pages = await Count(store.ListRelatedAsync(query, ct));
            var found = new Dictionary<string, Relationship>(StringComparer.Ordinal);
            foreach (var (from, page) in pages)
            {
                foreach (var item in page.Items)
                {
                    found[EndsKey(from, item.Value.Relationship.To)] = item.Value.Relationship;
                }
            }

            return found;
        }));

    /// <summary>The key of a relationship of a known type in <see cref="Relationships"/>: its from and to keys.</summary>
    public static string EndsKey(string from, string to) => from + "\n" + to;

    public BatchLoader<string, long> RelatedCounts(object field, Func<IReadOnlyCollection<string>, RelatedQuery> query) =>
        Loader(field, "count", () => new BatchLoader<string, long>((anchors, ct) => Scored(query(anchors), q => store.CountRelatedAsync(q, ct), ct)));

    public BatchLoader<string, Aggregate> RelatedAggregates(object field, IReadOnlyCollection<string> properties, Func<IReadOnlyCollection<string>, RelatedQuery> query) =>
        Loader(field, "aggregate:" + string.Join(",", properties), () => new BatchLoader<string, Aggregate>(
            (anchors, ct) => Scored(query(anchors), q => store.AggregateRelatedAsync(q, properties, ct), ct)));

    public Task<Page<Entity>> ListEntitiesAsync(EntityQuery query, CancellationToken cancellationToken) =>
        Scored(query.Filter, query.Order, (filter, order) => ListAsync(query with { Filter = filter, Order = order }, cancellationToken), cancellationToken);

    /// <summary>A first page by a score alone is read from the ranking's best few (<see cref="RankedFirstPage"/>), the whole kind otherwise.</summary>
    private async Task<Page<Entity>> ListAsync(EntityQuery query, CancellationToken cancellationToken)
    {
        if (RankedFirstPage.Narrow(query) is { } narrowed)
        {
            var page = await store.ListEntitiesAsync(narrowed, cancellationToken);
            if (RankedFirstPage.IsComplete(page))
            {
                return page;
            }

            Interlocked.Increment(ref _roundTrips);
        }

        return await store.ListEntitiesAsync(query, cancellationToken);
    }

    public Task<long> CountEntitiesAsync(string kind, Filter? filter, CancellationToken cancellationToken) =>
        Scored(filter, null, (resolved, _) => store.CountEntitiesAsync(kind, resolved, cancellationToken), cancellationToken);

    public Task<Aggregate> AggregateEntitiesAsync(string kind, Filter? filter, IReadOnlyCollection<string> properties, CancellationToken cancellationToken) =>
        Scored(filter, null, (resolved, _) => store.AggregateEntitiesAsync(kind, resolved, properties, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<SearchHit>> SearchAsync(string text, int limit, CancellationToken cancellationToken) =>
        Count(store.SearchAsync(text, limit, cancellationToken));

    public Task<Page<SearchHit>> SearchRankedAsync(SearchQuery query, CancellationToken cancellationToken) =>
        Count(store.SearchRankedAsync(query, cancellationToken));

    /// <summary>The parsed arguments of a field occurrence, parsed by the first parent that resolves it.</summary>
    public T Arguments<T>(object field, Func<T> parse)
        where T : notnull =>
        (T)Loaders.GetOrAdd((field, "arguments"), _ => parse());

    private ConcurrentDictionary<(object Field, string What), object> Loaders =>
        LazyInitializer.EnsureInitialized(ref _loaders, () => new());

    private BatchLoader<string, T> Loader<T>(object field, string what, Func<BatchLoader<string, T>> create) =>
        (BatchLoader<string, T>)Loaders.GetOrAdd((field, what), _ =>
        {
            var loader = create();
            loader.Name = what;
            return loader;
        });

    private Task<T> Scored<T>(RelatedQuery query, Func<RelatedQuery, Task<T>> call, CancellationToken cancellationToken) =>
        Scored(query.Filter, query.Order, (filter, order) => call(query with { Filter = filter, Order = order }), cancellationToken);

    /// <summary>
    /// Makes a store call with the scores it sorts or filters by resolved into complete tables (most queries use none):
    /// the store gets them with the query, never a pending table.
    /// </summary>
    private Task<T> Scored<T>(Filter? filter, IReadOnlyList<SortKey>? order, Func<Filter?, IReadOnlyList<SortKey>?, Task<T>> call,
        CancellationToken cancellationToken)
    {
        var pending = filter is null && (order is null || order.Count == 0) ? [] : ScoreTable.PendingIn(filter, order);
        return pending.Count == 0 ? Count(call(filter, order)) : ResolveThenCall();

        async Task<T> ResolveThenCall()
        {
            var tables = new Dictionary<ScoreMeasure, ScoreTable>(pending.Count);
            foreach (var measure in pending)
            {
                tables[measure] = await scores.ScoresAsync(measure, cancellationToken);
            }

            return await Count(call(ScoreTable.Resolve(filter, tables), ScoreTable.Resolve(order, tables)));
        }
    }

    private Task<T> Count<T>(Task<T> call)
    {
        Interlocked.Increment(ref _roundTrips);
        return call;
    }
}

/// <summary>
/// A request's loaders and the scope they belong to: a subscription's events run in scopes of their own, whose resolvers
/// must not see the loaders (and values) of the scope that started it.
/// </summary>
public sealed record ScopedLoaders(IServiceProvider Scope, RequestLoaders Loaders);
