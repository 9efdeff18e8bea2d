using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using TradeGraph.Api.Storage;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Api.Tests.Hostile;

/// <summary>
/// A statement that would run for tens of seconds stops when the execution timeout fires, when its client goes away
/// (a real socket) and when the host stops; the store's connection is closed and the statement calls nothing more. And an
/// unexpected exception reaches the client as INTERNAL_SERVER_ERROR, without its type.
/// </summary>
public sealed class InterruptionHostileTests
{
    // Six case-insensitive name terms over the seed's officials: each row and term calls tg_fold, made slow below.
    private const string SlowQuery = """
        { officials(where: { or: [
            { name: { eq: "a", ignoreCase: true } }, { name: { eq: "b", ignoreCase: true } }, { name: { eq: "c", ignoreCase: true } },
            { name: { eq: "d", ignoreCase: true } }, { name: { eq: "e", ignoreCase: true } }, { name: { eq: "f", ignoreCase: true } } ] })
          { nodes { key } } }
        """;

    [Fact]
    public async Task TheExecutionTimeoutInterruptsTheRunningStatement()
    {
        using var application = new SlowStatementApplication(TimeSpan.FromSeconds(1));
        using var client = application.CreateClient();
        var slow = application.MakeFoldingSlow();

        var watch = Stopwatch.StartNew();
        using var response = await client.PostAsJsonAsync("/graphql", new { query = SlowQuery });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("TIMEOUT", body["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        await slow.AssertStoppedAsync(application.Store);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"answered after {watch.Elapsed}; the statement alone takes {slow.Uninterrupted}");
    }

    [Fact]
    public async Task AClientThatDisconnectsStopsItsStatement()
    {
        using var application = new SlowStatementApplication(TimeSpan.FromMinutes(5));
        var address = application.StartKestrel();
        var slow = application.MakeFoldingSlow();
        using var client = new HttpClient { BaseAddress = address };

        using var leaving = new CancellationTokenSource();
        var request = client.PostAsJsonAsync("/graphql", new { query = SlowQuery }, leaving.Token);
        await slow.WaitUntilRunningAsync();
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        await slow.AssertStoppedAsync(application.Store);
    }

    [Fact]
    public async Task StoppingTheHostInterruptsARunningStatementInsteadOfWaitingForIt()
    {
        using var application = new SlowStatementApplication(TimeSpan.FromMinutes(5));
        using var client = application.CreateClient();
        var slow = application.MakeFoldingSlow();

        var store = application.Store;
        var lifetime = application.Services.GetRequiredService<IHostApplicationLifetime>();

        var request = client.PostAsJsonAsync("/graphql", new { query = SlowQuery });
        await slow.WaitUntilRunningAsync();
        lifetime.StopApplication();
        using var response = await request;
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("SERVER_STOPPING", body["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        await slow.AssertStoppedAsync(store);
    }

    [Fact]
    public async Task AnUnexpectedExceptionIsAnInternalServerErrorWithoutItsType()
    {
        using var application = new FailingStoreApplication();
        using var client = application.CreateClient();
        application.Services.GetRequiredService<FailingStore>().Failing = true;

        using var response = await client.PostAsJsonAsync("/graphql", new { query = "{ officials(first: 2) { nodes { key } } }" });
        var text = await response.Content.ReadAsStringAsync();
        var error = JsonNode.Parse(text)!["errors"]![0]!;

        Assert.Equal("INTERNAL_SERVER_ERROR", error["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal("Internal server error.", error["message"]!.GetValue<string>());
        Assert.DoesNotContain("INVALID_OPERATION", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperation", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// The seeded service with a short or long execution timeout, and its SQLite store at hand; without the read model, so
    /// the reads run as SQL statements to interrupt.
    /// </summary>
    private sealed class SlowStatementApplication(TimeSpan executionTimeout) : TradeGraphApplication
    {
        public SqliteGraphStore Store => (SqliteGraphStore)Services.GetRequiredService<StoreOfRecord>().Store;

        /// <summary>From now on every store connection's tg_fold takes a quarter of a second of CPU per call.</summary>
        public SlowFunction MakeFoldingSlow()
        {
            var slow = new SlowFunction(TimeSpan.FromMilliseconds(250));
            Store.ConnectionOpened = connection => connection.CreateFunction("tg_fold", (string? text) => slow.Call(text), isDeterministic: true);
            return slow;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("GraphQL:Http:ExecutionTimeout", executionTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("GraphQL:ResponseCache:Enabled", "false");
            builder.UseSetting("Storage:ReadModel:Enabled", "false");
        }
    }

    /// <summary>A folding function that burns CPU on each call and counts its calls.</summary>
    private sealed class SlowFunction(TimeSpan perCall)
    {
        private int _calls;

        /// <summary>The seed's 7 officials × 6 terms, uninterrupted.</summary>
        public TimeSpan Uninterrupted => perCall * 42;

        public int Calls => Volatile.Read(ref _calls);

        public string? Call(string? text)
        {
            Interlocked.Increment(ref _calls);
            var spin = Stopwatch.StartNew();
            while (spin.Elapsed < perCall)
            {
                Thread.SpinWait(1000);
            }

            return text is null ? null : TextFolding.Fold(text);
        }

        public async Task WaitUntilRunningAsync()
        {
            for (var waited = 0; Calls == 0; waited += 20)
            {
                Assert.True(waited < 30_000, "the slow statement never started");
                await Task.Delay(20);
            }
        }

        /// <summary>The store's connections close within a few seconds, and no call is made after that.</summary>
        public async Task AssertStoppedAsync(SqliteGraphStore store)
        {
            for (var waited = 0; store.ConnectionsInUse > 0; waited += 20)
            {
                Assert.True(waited < 5_000, $"a store connection is still open {waited} ms later ({Calls} calls so far)");
                await Task.Delay(20);
            }

            var calls = Calls;
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal(calls, Calls);
            Assert.True(calls < 42, $"the statement ran to its end ({calls} calls)");
        }
    }

    /// <summary>A store whose reads fail with an exception nobody expected, carrying detail a client must not see.</summary>
    private sealed class FailingStoreApplication : TradeGraphApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("GraphQL:ResponseCache:Enabled", "false");
            builder.ConfigureTestServices(services => services.WrapGraphStore(inner => new FailingStore(inner)));
        }
    }

    private sealed class FailingStore(IGraphStore inner) : DelegatingGraphStore(inner)
    {
        public bool Failing { get; set; }

        protected override void BeforeCall()
        {
            if (Failing)
            {
                throw new InvalidOperationException("secret: the statement's SQL and a path");
            }
        }
    }
}
