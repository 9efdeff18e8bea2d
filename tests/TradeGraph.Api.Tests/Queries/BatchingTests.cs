using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Api.Tests.Queries;

/// <summary>Store calls grow with the depth of a query, never with its rows.</summary>
public sealed class BatchingTests : IDisposable
{
    private readonly TradeGraphApplication _application = new();
    private readonly CountingGraphStore _counter;
    private readonly HttpClient _client;

    public BatchingTests()
    {
        CountingGraphStore? counter = null;
        var factory = _application.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IGraphStore>();
            services.AddSingleton<IGraphStore>(sp =>
            {
                var inner = new SqliteGraphStore(new SqliteStoreOptions { Path = _application.DatabasePath }, sp.GetRequiredService<GraphModel>());
                return counter = new CountingGraphStore(inner);
            });
        }));
        _client = factory.CreateClient();
        _counter = counter!;
    }

    [Fact]
    public async Task AThreeLevelQueryCostsOneStoreCallPerLevel()
    {
        const string Query = """
            {
              officials(first: 50) {
                nodes {
                  name
                  country { name officials(first: 5) { totalCount nodes { name } } }
                  meetings(first: 5) { nodes { name participants(first: 5) { nodes { name country { isoCode } } } } }
                  sources { source { title } }
                }
              }
            }
            """;
        await _client.QueryAsync("{ __typename }");
        _counter.Reset();

        var data = await _client.QueryAsync(Query);

        Assert.Equal(7, data["officials"]!["nodes"]!.AsArray().Count);
        // officials + country + meetings + sources' Source + country.officials + its totalCount + participants: seven,
        // however many rows each level has. Participants' country costs nothing: every participant is an official whose
        // country the request has already loaded.
        Assert.Equal(7, _counter.Calls);
    }

    public void Dispose()
    {
        _client.Dispose();
        _application.Dispose();
    }

    private sealed class CountingGraphStore(IGraphStore inner) : IGraphStore
    {
        private int _calls;

        public int Calls => _calls;

        public void Reset() => Interlocked.Exchange(ref _calls, 0);

        public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

        public Task<IReadOnlyDictionary<string, Entity>> GetEntitiesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
            Count(inner.GetEntitiesAsync(keys, cancellationToken));

        public Task<Page<Entity>> ListEntitiesAsync(EntityQuery query, CancellationToken cancellationToken) =>
            Count(inner.ListEntitiesAsync(query, cancellationToken));

        public Task<long> CountEntitiesAsync(string kind, Filter? filter, CancellationToken cancellationToken) =>
            Count(inner.CountEntitiesAsync(kind, filter, cancellationToken));

        public Task<Aggregate> AggregateEntitiesAsync(string kind, Filter? filter, IReadOnlyCollection<string> properties, CancellationToken cancellationToken) =>
            Count(inner.AggregateEntitiesAsync(kind, filter, properties, cancellationToken));

        public Task<IReadOnlyDictionary<string, Aggregate>> AggregateRelatedAsync(RelatedQuery query, IReadOnlyCollection<string> properties, CancellationToken cancellationToken) =>
            Count(inner.AggregateRelatedAsync(query, properties, cancellationToken));

        public Task<IReadOnlyDictionary<string, Page<RelatedEntity>>> ListRelatedAsync(RelatedQuery query, CancellationToken cancellationToken) =>
            Count(inner.ListRelatedAsync(query, cancellationToken));

        public Task<IReadOnlyDictionary<string, long>> CountRelatedAsync(RelatedQuery query, CancellationToken cancellationToken) =>
            Count(inner.CountRelatedAsync(query, cancellationToken));

        public Task<IReadOnlyList<SearchHit>> SearchAsync(string text, int limit, CancellationToken cancellationToken) =>
            Count(inner.SearchAsync(text, limit, cancellationToken));

        public Task<ImportResult> ImportAsync(GraphDocument document, CancellationToken cancellationToken) => inner.ImportAsync(document, cancellationToken);

        public Task<GraphStatistics> GetStatisticsAsync(CancellationToken cancellationToken) => inner.GetStatisticsAsync(cancellationToken);

        private Task<T> Count<T>(Task<T> task)
        {
            Interlocked.Increment(ref _calls);
            return task;
        }
    }
}
