using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Api.Tests.Storage;

/// <summary>
/// A store explains its own failures through Core's <see cref="StoreFailureException"/>: the API passes the message on,
/// coded after the store's exception, whichever store threw it (the API names no store's exception type).
/// </summary>
public sealed class StoreFailureTests(StoreFailureTests.FailingStoreApplication application) : IClassFixture<StoreFailureTests.FailingStoreApplication>
{
    [Fact]
    public async Task AStoreFailureReachesTheClientWithItsMessageAndACodeAfterItsType()
    {
        using var client = application.CreateClient();
        var store = application.Services.GetRequiredService<FailingStore>();

        store.Failing = true;
        var response = await client.PostAsync("{ officials(first: 2) { nodes { key } } }");

        store.Failing = false;
        var error = Assert.Single(response["errors"]!.AsArray())!;
        Assert.Equal(FailingStore.Message, error["message"]!.GetValue<string>());
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
    public sealed class ExampleStoreRefusedException(string message) : StoreFailureException(message, null);

    public sealed class FailingStore(IGraphStore inner) : DelegatingGraphStore(inner)
    {
        public const string Message = "The example store refused this read: ask for fewer officials.";

        public bool Failing { get; set; }

        protected override void BeforeCall()
        {
            if (Failing)
            {
                throw new ExampleStoreRefusedException(Message);
            }
        }
    }

    public sealed class FailingStoreApplication : TradeGraphApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.WrapGraphStore(inner => new FailingStore(inner)));
        }
    }
}
