using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Storage;

/// <summary>
/// The service configured for Neo4j while no Neo4j answers (a closed port): it still starts, queries get
/// STORE_UNAVAILABLE instead of hanging or a 500, and /health says the store is down.
/// </summary>
public sealed class Neo4jDownTests(Neo4jDownTests.Neo4jDownApplication application) : IClassFixture<Neo4jDownTests.Neo4jDownApplication>
{
    [Fact]
    public async Task QueriesGetStoreUnavailableAndHealthReportsTheStoreDown()
    {
        using var client = application.CreateClient();

        var codes = await client.ErrorCodesAsync("{ officials(first: 1) { nodes { key } } }");
        using var health = await client.GetAsync("/health");

        Assert.Equal(["STORE_UNAVAILABLE"], codes);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
    }

    public sealed class Neo4jDownApplication : TradeGraphApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Storage:Provider", "Neo4j");
            builder.UseSetting("Storage:Neo4j:Uri", $"http://127.0.0.1:{ClosedPort()}");
            builder.UseSetting("Storage:Neo4j:Password", "not-used");
            builder.UseSetting("Storage:Neo4j:MaxRetries", "1");
            builder.UseSetting("Storage:Neo4j:RetryDelay", "00:00:00.001");
        }

        /// <summary>A port nothing listens on: taken from the OS, then released.</summary>
        private static int ClosedPort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
