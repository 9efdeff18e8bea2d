using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Tests.Hostile;

/// <summary>
/// L5: a whole-graph read the store cannot make consistent (on Neo4j, writes committing during each of its reads; or the
/// store down) is refused with a retryable answer — 503 with Retry-After on GET /graph/export, STORE_UNAVAILABLE for the
/// analytics that read the topology — never a 500 nor a partial graph, and the reason (which may name the server) stays
/// in the log. The store's own re-reads are tested in Storage.Tests (Neo4jExportSnapshotTests).
/// </summary>
public sealed class ExportHostileTests(ExportHostileTests.RefusingExportApplication application) : IClassFixture<ExportHostileTests.RefusingExportApplication>
{
    private const string Refusal = "The graph changed during each of 3 reads of it (Storage:Neo4j:ExportAttempts); Neo4j at http://neo4j.test:7474";

    [Fact]
    public async Task AnExportThatCannotBeMadeConsistentIsA503WithRetryAfterAndNoServerDetail()
    {
        var store = application.Services.GetRequiredService<RefusingExportStore>();
        using var client = application.CreateClient();

        var refusedBefore = store.Refused;
        store.Refuse = true;
        using var response = await client.GetAsync("/graph/export");
        var body = await response.Content.ReadAsStringAsync();
        store.Refuse = false;
        using var later = await client.GetAsync("/graph/export");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("kept changing while it was read", body, StringComparison.Ordinal);
        Assert.DoesNotContain("neo4j.test", body, StringComparison.Ordinal);
        Assert.Equal(refusedBefore + 1, store.Refused);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task AnalyticsOnATopologyThatCannotBeReadConsistentlyAreStoreUnavailableAndRecover()
    {
        var store = application.Services.GetRequiredService<RefusingExportStore>();
        using var client = application.CreateClient();
        const string ranked = "{ officials(first: 3, order: [{ pageRank: DESC }]) { nodes { key } } }";

        store.Refuse = true;
        var codes = await client.ErrorCodesAsync(ranked);
        store.Refuse = false;
        var data = await client.QueryAsync(ranked);

        Assert.Equal(["STORE_UNAVAILABLE"], codes);
        Assert.Equal(3, data["officials"]!["nodes"]!.AsArray().Count);
    }

    /// <summary>The store, with a switch that makes whole-graph reads fail as the Neo4j store does after its attempts.</summary>
    public sealed class RefusingExportStore(IGraphStore inner) : DelegatingGraphStore(inner), IGraphStore
    {
        private int _refused;

        public bool Refuse { get; set; }

        public int Refused => _refused;

        protected override void BeforeCall()
        {
        }

        // Re-implemented for the interface only: the topology read (the interface's default) comes here too, as on Neo4j.
        Task<GraphDocument> IGraphStore.ExportAsync(CancellationToken cancellationToken)
        {
            if (!Refuse)
            {
                return ExportAsync(cancellationToken);
            }

            Interlocked.Increment(ref _refused);
            return Task.FromException<GraphDocument>(new StoreUnavailableException(Refusal));
        }
    }

    public sealed class RefusingExportApplication : TradeGraphApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // The analytics case is a cold server's first topology read failing: nothing read ahead at start.
            builder.UseSetting("Analytics:WarmOnStart", "false");
            builder.ConfigureTestServices(services => services.WrapGraphStore(inner => new RefusingExportStore(inner)));
        }
    }
}
