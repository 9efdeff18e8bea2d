using System.Globalization;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j;

/// <summary>
/// Reads: each call is one Cypher statement (<see cref="CypherReads"/>) run in read mode, however many keys or anchors it
/// answers for, and its rows are made into model records as the SQLite store makes them (<see cref="ResultValues"/>).
/// </summary>
public sealed partial class Neo4jGraphStore
{
    private CypherReads? _reads;

    private CypherReads Reads => _reads ??= new CypherReads(_model);

    public Task<IReadOnlyDictionary<string, Entity>> GetEntitiesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        GetEntitiesAsync(keys, EntityParts.All, cancellationToken);

    public async Task<IReadOnlyDictionary<string, Entity>> GetEntitiesAsync(IReadOnlyCollection<string> keys, EntityParts parts, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return new Dictionary<string, Entity>();
        }

        var result = await ReadAsync(Reads.GetEntities(keys, parts), cancellationToken);
        var entities = new Dictionary<string, Entity>(StringComparer.Ordinal);
        for (var row = 0; row < result.Rows.Count; row++)
        {
            var entity = ResultValues.Entity(_model, result.Value(row, CypherReads.Labels), result.Value(row, CypherReads.Properties));
            entities[entity.Key] = entity;
        }

        return entities;
    }

    public async Task<Page<Entity>> ListEntitiesAsync(EntityQuery query, CancellationToken cancellationToken)
    {
        var (statement, plan) = Reads.ListEntities(query);
        var result = await ReadAsync(statement, cancellationToken);
        var rows = ResultValues.List(result.Value(0, CypherReads.Rows)).Select(ResultValues.Map).Select(item =>
        {
            var entity = ResultValues.Entity(_model, item[CypherReads.Labels], item[CypherReads.Properties]);
            return (entity, plan.CursorFor(ResultValues.List(item[CypherReads.Sort]), entity.Key));
        }).ToList();
        return plan.ToPage(rows, ResultValues.Bool(result.Value(0, CypherReads.BeyondStart)));
    }

    public async Task<long> CountEntitiesAsync(string kind, Filter? filter, CancellationToken cancellationToken) =>
        (await AggregateEntitiesAsync(kind, filter, [], cancellationToken)).Count;

    public async Task<Aggregate> AggregateEntitiesAsync(string kind, Filter? filter, IReadOnlyCollection<string> properties, CancellationToken cancellationToken)
    {
        var (statement, ranged) = Reads.AggregateEntities(kind, filter, properties);
        var result = await ReadAsync(statement, cancellationToken);
        return ReadAggregate(result, 0, ranged);
    }

    public async Task<IReadOnlyDictionary<string, Page<RelatedEntity>>> ListRelatedAsync(RelatedQuery query, CancellationToken cancellationToken)
    {
        // The plan first: a bad cursor is refused even with no anchors, as in SQLite.
        var (statement, plan) = Reads.ListRelated(query);
        var pages = query.AnchorKeys.Distinct().ToDictionary(k => k, _ => Page<RelatedEntity>.Empty, StringComparer.Ordinal);
        if (pages.Count == 0)
        {
            return pages;
        }

        var result = await ReadAsync(statement, cancellationToken);
        for (var row = 0; row < result.Rows.Count; row++)
        {
            var anchor = (string)result.Value(row, CypherReads.Anchor)!;
            var items = ResultValues.List(result.Value(row, CypherReads.Rows)).Select(ResultValues.Map).Select(item =>
            {
                var entity = ResultValues.Entity(_model, item[CypherReads.Labels], item[CypherReads.Properties]);
                var relationship = ResultValues.Relationship(query.Type,
                    query.Direction == Direction.Outgoing ? anchor : entity.Key,
                    query.Direction == Direction.Outgoing ? entity.Key : anchor,
                    item[CypherReads.RelationshipProperties]);
                return (new RelatedEntity(entity, relationship), plan.CursorFor(ResultValues.List(item[CypherReads.Sort]), entity.Key));
            }).ToList();
            pages[anchor] = plan.ToPage(items, ResultValues.Bool(result.Value(row, CypherReads.BeyondStart)));
        }

        return pages;
    }

    public async Task<IReadOnlyDictionary<string, long>> CountRelatedAsync(RelatedQuery query, CancellationToken cancellationToken) =>
        (await AggregateRelatedAsync(query, [], cancellationToken)).ToDictionary(a => a.Key, a => a.Value.Count, StringComparer.Ordinal);

    public async Task<IReadOnlyDictionary<string, Aggregate>> AggregateRelatedAsync(RelatedQuery query, IReadOnlyCollection<string> properties,
        CancellationToken cancellationToken)
    {
        var (statement, ranged) = Reads.AggregateRelated(query, properties);
        var empty = new Aggregate(0, ranged.ToDictionary(p => p.Name, _ => ((object?)null, (object?)null)));
        var aggregates = query.AnchorKeys.Distinct().ToDictionary(k => k, _ => empty, StringComparer.Ordinal);
        if (aggregates.Count == 0)
        {
            return aggregates;
        }

        var result = await ReadAsync(statement, cancellationToken);
        for (var row = 0; row < result.Rows.Count; row++)
        {
            aggregates[(string)result.Value(row, CypherReads.Anchor)!] = ReadAggregate(result, row, ranged);
        }

        return aggregates;
    }

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string text, int limit, CancellationToken cancellationToken)
    {
        var folded = TextFolding.Fold(text).Trim();
        if (folded.Length == 0 || limit <= 0)
        {
            return [];
        }

        var result = await ReadAsync(Reads.Search(folded, limit), cancellationToken);
        return [.. Enumerable.Range(0, result.Rows.Count).Select(row => new SearchHit(
            ResultValues.Entity(_model, result.Value(row, CypherReads.Labels), result.Value(row, CypherReads.Properties)),
            Convert.ToDouble(result.Value(row, CypherReads.Score), CultureInfo.InvariantCulture)))];
    }

    public async Task<Page<SearchHit>> SearchRankedAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        if (query.Words.Count == 0)
        {
            return Page<SearchHit>.Empty;
        }

        var paging = KeysetPaging.Of(query.Page, SearchQuery.DefaultPageSize);
        if (Reads.SearchRanked(query) is not { } statement)
        {
            return Page<SearchHit>.Empty;
        }

        var result = await ReadAsync(statement, cancellationToken);
        var rows = Enumerable.Range(0, result.Rows.Count).Select(row =>
        {
            var hit = new SearchHit(ResultValues.Entity(_model, result.Value(row, CypherReads.Labels), result.Value(row, CypherReads.Properties)),
                Convert.ToDouble(result.Value(row, CypherReads.Score), CultureInfo.InvariantCulture));
            return new PageItem<SearchHit>(hit, SearchCursor.Encode(hit.Score, hit.Entity.Key));
        }).ToList();
        // Rows before the page's start are assumed when it starts from a cursor (Hot Chocolate's keyset rule), as on SQLite.
        return paging.ToPage(rows, beyondStart: paging.StartCursor(query.Page) is not null);
    }

    public async Task<GraphStatistics> GetStatisticsAsync(CancellationToken cancellationToken)
    {
        var result = await HeavyReadAsync(Reads.Statistics(), cancellationToken);
        var entities = new Dictionary<string, long>(StringComparer.Ordinal);
        var relationships = new Dictionary<string, long>(StringComparer.Ordinal);
        // As SQLite's GROUP BY: a kind or type with nothing stored is absent rather than zero.
        foreach (var (kind, i) in _model.Kinds.Select((k, i) => (k, i)))
        {
            if (ResultValues.Long(result.Value(0, $"e{i}")) is > 0 and var count)
            {
                entities[kind.Name] = count;
            }
        }

        foreach (var (type, i) in _model.RelationshipTypes.Select((t, i) => (t, i)))
        {
            if (ResultValues.Long(result.Value(0, $"r{i}")) is > 0 and var count)
            {
                relationships[type.Name] = count;
            }
        }

        return new GraphStatistics(entities, relationships);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<Revision>>> GetHistoryAsync(IReadOnlyCollection<string> factKeys, CancellationToken cancellationToken)
    {
        var history = HistoryRecords.For(factKeys);
        if (history.Count > 0)
        {
            var result = await ReadAsync(Reads.History(factKeys), cancellationToken);
            for (var row = 0; row < result.Rows.Count; row++)
            {
                object? Column(StoreProperty property) => result.Value(row, CypherReads.HistoryColumn(property));
                history[(string)Column(StoreProperty.Fact)!].Add(new Revision(
                    ResultValues.Long(Column(StoreProperty.Revision)),
                    HistoryRecords.Time((string)Column(StoreProperty.At)!),
                    (string?)Column(StoreProperty.Actor) ?? "",
                    HistoryRecords.Change((string)Column(StoreProperty.Change)!),
                    HistoryRecords.Changes((string?)Column(StoreProperty.Changes)),
                    ResultValues.Sources(Column(StoreProperty.SourceKeys), Column(StoreProperty.SourceLocators), Column(StoreProperty.SourceNotes)),
                    ResultValues.Bool(Column(StoreProperty.Editorial))));
            }
        }

        return HistoryRecords.Result(history);
    }

    public Task<IReadOnlyDictionary<string, Page<CitedFact>>> ListCitedFactsAsync(IReadOnlyCollection<string> sourceKeys, PageRequest page,
        CancellationToken cancellationToken) => CitedFactPages.ListAsync(new CitedFactRows(this), sourceKeys, page, cancellationToken);

    /// <summary>The cited-facts primitives: one heavy read (<see cref="CypherReads.CitedFacts"/>) whose rows carry each source's facts whole.</summary>
    private sealed class CitedFactRows(Neo4jGraphStore store) : ICitedFactRows<CitationCursor>
    {
        public CitationCursor DecodeCursor(string cursor) => CitationCursor.Decode(cursor);

        public string EncodeCursor(CitationCursor position) => position.Encode();

        public async Task<IReadOnlyDictionary<string, IReadOnlyList<CitedFactRow<CitationCursor>>>> ReadAsync(IReadOnlyCollection<string> sourceKeys, KeysetPaging paging,
            CitationCursor? after, CitationCursor? before, CancellationToken cancellationToken)
        {
            var result = await store.HeavyReadAsync(store.Reads.CitedFacts(sourceKeys, paging, after, before), cancellationToken);
            var sources = new Dictionary<string, IReadOnlyList<CitedFactRow<CitationCursor>>>(StringComparer.Ordinal);
            for (var row = 0; row < result.Rows.Count; row++)
            {
                sources[(string)result.Value(row, CypherReads.Source)!] = [.. ResultValues.List(result.Value(row, CypherReads.Rows)).Select(ResultValues.Map).Select(item =>
                {
                    var fact = ResultValues.Long(item[CypherReads.Fact]);
                    var locator = item[CypherReads.Locator] as string ?? "";
                    var k1 = (string)item[CypherReads.Type]!;
                    var (k2, k3) = (item[CypherReads.FromKey] as string, item[CypherReads.ToKey] as string);
                    var cited = fact == 0
                        ? new CitedFact(locator.Length == 0 ? null : locator, ResultValues.Entity(store._model, item[CypherReads.Labels], item[CypherReads.Properties]), null)
                        : new CitedFact(locator.Length == 0 ? null : locator, null,
                            ResultValues.Relationship(store._model.Relationship(k1), k2!, k3!, item[CypherReads.Properties]));
                    return new CitedFactRow<CitationCursor>(cited, new CitationCursor(fact, k1, k2, k3, locator));
                })];
            }

            return sources;
        }
    }

    private Task<QueryResult> ReadAsync(CypherStatement statement, CancellationToken cancellationToken) =>
        _runner.RunAsync(statement, AccessMode.Read, cancellationToken);

    /// <summary>
    /// A read over the whole graph or a large part of it (export, statistics, cited facts scan every relationship):
    /// its own longer limit, and a timeout is not retried into more copies running on the server.
    /// </summary>
    private Task<QueryResult> HeavyReadAsync(CypherStatement statement, CancellationToken cancellationToken) =>
        _runner.RunAsync(statement, new StatementOptions(AccessMode.Read) { Heavy = true, Timeout = Settings.HeavyReadTimeout }, cancellationToken);

    private static Aggregate ReadAggregate(QueryResult result, int row, IReadOnlyList<PropertyDefinition> ranged)
    {
        var ranges = new Dictionary<string, (object?, object?)>(StringComparer.Ordinal);
        for (var i = 0; i < ranged.Count; i++)
        {
            ranges[ranged[i].Name] = (ResultValues.Clr(ranged[i], result.Value(row, $"min{i}")), ResultValues.Clr(ranged[i], result.Value(row, $"max{i}")));
        }

        return new Aggregate(ResultValues.Long(result.Value(row, CypherReads.Total)), ranges);
    }
}
