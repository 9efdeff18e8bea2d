using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using TradeGraph.Api.GraphQL.Loading;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Tests.Analytics;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.MicroBenchmarks;

/// <summary>
/// One batched level: the participants (first 10) of 20 meetings, on a temporary SQLite store holding the synthetic trade
/// graph (10,000 relationships) — straight from the store, and through RequestLoaders the way 20 resolvers ask for them
/// (20 loads, one store call); and 20 officials by key.
/// </summary>
[MemoryDiagnoser]
public class BatchLoadingBenchmarks : IDisposable
{
    private static readonly object Field = new();

    private readonly GraphModel _model = TradeModel.Define();
    private string _folder = "";
    private SqliteGraphStore _store = null!;
    private string[] _meetings = [];
    private string[] _officials = [];
    private RelatedQuery _participants = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = Directory.CreateTempSubdirectory("tradegraph-bench-").FullName;
        _store = new SqliteGraphStore(new SqliteStoreOptions { Path = Path.Combine(_folder, "bench.db") }, _model);
        await _store.InitializeAsync(CancellationToken.None);
        GraphDocument graph = SyntheticTradeGraph.Generate(10_000);
        await _store.ImportAsync(graph, CancellationToken.None);
        var participations = graph.Relationships.Where(r => r.Type == "PARTICIPATES_IN").ToList();
        _meetings = [.. participations.Select(r => r.To).Distinct().Order(StringComparer.Ordinal).Take(20)];
        _officials = [.. participations.Select(r => r.From).Distinct().Order(StringComparer.Ordinal).Take(20)];
        _participants = new RelatedQuery(_model.Relationship("PARTICIPATES_IN"), Direction.Incoming, _meetings, new PageRequest(First: 10));
        var page = await _store.ListRelatedAsync(_participants, CancellationToken.None);
        if (page.Count != 20)
        {
            throw new InvalidOperationException($"Expected 20 anchors with participants, got {page.Count}.");
        }
    }

    [Benchmark(Baseline = true)]
    public Task<IReadOnlyDictionary<string, Page<RelatedEntity>>> StoreListRelated() => _store.ListRelatedAsync(_participants, CancellationToken.None);

    [Benchmark]
    public async Task<int> RequestLoadersListRelated()
    {
        var loaders = new RequestLoaders(_store, NoScores.Instance);
        var loader = loaders.Related(Field, (anchors, parts) => _participants with { AnchorKeys = anchors, Parts = parts });
        var pending = _meetings.Select(loader.Load).ToList();
        var rows = 0;
        foreach (var result in pending)
        {
            rows += (await result.GetResultAsync(CancellationToken.None))?.Items.Count ?? 0;
        }

        return rows;
    }

    [Benchmark]
    public Task<IReadOnlyDictionary<string, Entity>> StoreGetEntities() => _store.GetEntitiesAsync(_officials, CancellationToken.None);

    /// <summary>This query sorts and filters by no centrality score, so nothing is computed.</summary>
    private sealed class NoScores : IScoreSource
    {
        public static readonly NoScores Instance = new();

        public IReadOnlyCollection<string> Measures => [];

        public Task<ScoreTable> ScoresAsync(TradeGraph.Core.Analytics.ScoreMeasure measure, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("This benchmark's queries name no score.");
    }

    [GlobalCleanup]
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (_folder.Length > 0)
        {
            Directory.Delete(_folder, recursive: true);
            _folder = "";
        }

        GC.SuppressFinalize(this);
    }
}
