using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Neo4j;
using TradeGraph.Storage.Neo4j.QueryApi;
using TradeGraph.Storage.Tests.Contract;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// The same store contract on a real Neo4j, when NEO4J_URI (and NEO4J_USERNAME / NEO4J_PASSWORD) name one. The suite
/// empties that database before each test: point it at a throwaway one. Without NEO4J_URI every test is skipped, saying so.
/// </summary>
public sealed class Neo4jGraphStoreTests : GraphStoreContract, IDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    protected override string? UnavailableReason =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("NEO4J_URI"))
            ? "NEO4J_URI is not set: this contract run needs a real Neo4j (none can run on this machine). Set NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD to a throwaway database to run it."
            : null;

    protected override async Task<IGraphStore> CreateStoreAsync()
    {
        var runner = Runner();
        await runner.RunAsync(new CypherStatement("MATCH (n) DETACH DELETE n"), AccessMode.Write, CancellationToken.None);
        var store = new Neo4jGraphStore(runner, Model);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    /// <summary>A new client and store: nothing cached from before, as a fresh process would see it.</summary>
    protected override Task<IGraphStore> ReopenAsync() => Task.FromResult<IGraphStore>(new Neo4jGraphStore(Runner(), Model));

    private INeo4jQueryRunner Runner()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddNeo4jQueryApi();
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<INeo4jQueryRunner>();
    }

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }
    }
}
