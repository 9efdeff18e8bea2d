using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Api.Tests.Storage;

/// <summary>
/// When the store cannot be reached the API says so with a code, at once, and answers again when it is back. A store
/// explains its own failures through Core's <see cref="StoreFailureException"/>: the API passes the message on, coded
/// after the store's exception, whichever store threw it (the API names no store's exception type).
/// </summary>
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

    [Fact]
    public async Task AStoreFailureReachesTheClientWithItsMessageAndACodeAfterItsType()
    {
        using var client = _application.CreateClient();
        var switchable = _application.Services.GetRequiredService<SwitchableStore>();

        switchable.Failure = new ExampleStoreRefusedException(ExampleStoreRefusedException.Refusal);
        // Not the other test's document: its answer, once the store is back, may be in the response cache.
        var response = await client.PostAsync("{ officials(first: 3) { nodes { name } } }");
        switchable.Failure = null;

        var error = Assert.Single(response["errors"]!.AsArray())!;
        Assert.Equal(ExampleStoreRefusedException.Refusal, error["message"]!.GetValue<string>());
        Assert.Equal("EXAMPLE_STORE_REFUSED", error["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public void TheNeo4jFailuresTheClientIsToldAboutAreStoreFailures()
    {
        var inner = new Neo4jQueryException("Neo.TransientError.General.MemoryPoolOutOfMemoryError", "out of memory", 500);

        Assert.IsAssignableFrom<StoreFailureException>(new Neo4jOutcomeUnknownException("unknown", inner));
        Assert.IsAssignableFrom<StoreFailureException>(new Neo4jQueryTooLargeException("too large", inner));
        Assert.IsAssignableFrom<StoreFailureException>(new Neo4jTransactionLostException("lost", inner));
    }

    /// <summary>A failure of some store (not Neo4j's): the API must still pass it on as it is.</summary>
    public sealed class ExampleStoreRefusedException(string message) : StoreFailureException(message, null)
    {
        public const string Refusal = "The example store refused this read: ask for fewer officials.";
    }

    /// <summary>The store, with a switch that makes every read fail the way an unreachable Neo4j does, or with a given failure.</summary>
    public sealed class SwitchableStore(IGraphStore inner) : DelegatingGraphStore(inner)
    {
        public bool Down { get; set; }

        public Exception? Failure { get; set; }

        protected override void BeforeCall()
        {
            if (Down)
            {
                throw new StoreUnavailableException("Neo4j at http://neo4j.test:7474 is not reachable (circuit open).");
            }

            if (Failure is { } failure)
            {
                throw failure;
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
