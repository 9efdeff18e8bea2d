using BenchmarkDotNet.Attributes;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.MicroBenchmarks;

/// <summary>
/// Turning the filtered-page workload's EntityQuery (format = TRADE_TALKS and startsOn ≥ 2025-01-01, by startsOn desc then
/// name, first 20) into SQL (SqlQueryTranslator + PagePlan) and into Cypher (CypherReads.ListEntities), on the first page
/// and on a later page (a keyset cursor to decode and turn into conditions).
/// </summary>
[MemoryDiagnoser]
public class TranslationBenchmarks
{
    private readonly GraphModel _model = TradeModel.Define();
    private EntityQuery _query = null!;

    [Params(false, true)]
    public bool AfterCursor { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        IReadOnlyList<SortKey> order = [new FieldSort("startsOn", true), new FieldSort("name", false)];
        var filter = new AllOf([
            new FieldComparison("format", ComparisonOperator.Equal, "TRADE_TALKS"),
            new FieldComparison("startsOn", ComparisonOperator.GreaterThanOrEqual, new DateOnly(2025, 1, 1)),
        ]);
        var after = AfterCursor ? Cursor.Encode(order, [new DateOnly(2025, 10, 25), "U.S.–China trade talks"], "kuala-lumpur-trade-talks") : null;
        _query = new EntityQuery("Meeting", new PageRequest(First: 20, After: after), filter, order);
    }

    [Benchmark(Baseline = true)]
    public int Sqlite()
    {
        var kind = _model.Kind(_query.Kind);
        var translator = new SqlQueryTranslator(_model, new SqlParameters());
        var where = translator.Where(_query.Filter, "e", kind);
        var plan = new PagePlan(translator, kind, _query.SortKeys, _query.Page);
        return where.Length + plan.Conditions.Length + plan.OrderBy.Length + plan.SortColumns.Length + (plan.BeyondStart?.Length ?? 0);
    }

    [Benchmark]
    public object Neo4j() => new CypherReads(_model).ListEntities(_query).Statement;
}
