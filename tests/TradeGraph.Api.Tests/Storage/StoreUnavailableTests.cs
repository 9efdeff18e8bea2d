using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Tests.Storage;

/// <summary>When the store cannot be reached the API says so with a code, at once, and answers again when it is back.</summary>
public sealed class StoreUnavailableTests : IClassFixture<StoreUnavailableTests.FlakyStoreApplication>
{
    private readonly FlakyStoreApplication _application;

    public StoreUnavailableTests(FlakyStoreApplication application) => _application = application;

    [Fact]
    public async Task AnUnreachableStoreIsAStoreUnavailableErrorAndTheServiceRecovers()
    {
        using var client = _application.CreateClient();
        var switchable = _application.Services.GetRequiredService<SwitchableStore>();

        switchable.Down = true;
        var codes = await client.ErrorCodesAsync("{ officials(first: 2) { nodes { key } } }");
        switchable.Down = false;
        var data = await client.QueryAsync("{ officials(first: 2) { nodes { key } } }");

        Assert.Equal(["STORE_UNAVAILABLE"], codes);
        Assert.Equal(2, data["officials"]!["nodes"]!.AsArray().Count);
    }

    /// <summary>The store, with a switch that makes every read fail the way an unreachable Neo4j does.</summary>
    public sealed class SwitchableStore(IGraphStore inner) : DelegatingGraphStore(inner)
    {
        public bool Down { get; set; }

        protected override void BeforeCall()
        {
            if (Down)
            {
                throw new StoreUnavailableException("Neo4j at http://neo4j.test:7474 is not reachable (circuit open).");
            }
        }
    }

    public sealed class FlakyStoreApplication : TradeGraphApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.WrapGraphStore(inner => new SwitchableStore(inner)));
        }
    }
}
