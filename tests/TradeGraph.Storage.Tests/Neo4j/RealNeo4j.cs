using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TradeGraph.Storage.Neo4j;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// A real Neo4j for the contract runs, when NEO4J_URI (and NEO4J_USERNAME / NEO4J_PASSWORD) name one: a client per call, as
/// a fresh process would have; the providers are disposed with this.
/// </summary>
internal sealed class RealNeo4j : IDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    /// <summary>Why the contract cannot run on Neo4j here; null when NEO4J_URI is set.</summary>
    public static string? UnavailableReason =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("NEO4J_URI"))
            ? "NEO4J_URI is not set: this contract run needs a real Neo4j (none can run on this machine). Set NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD to a throwaway database to run it."
            : null;

    /// <summary>An emptied, initialized store on the database.</summary>
    public async Task<Neo4jGraphStore> EmptyStoreAsync()
    {
        var runner = Runner();
        await runner.RunAsync(new CypherStatement("MATCH (n) DETACH DELETE n"), AccessMode.Write, CancellationToken.None);
        var store = new Neo4jGraphStore(runner, Neo4jFixtures.Model);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    public INeo4jQueryRunner Runner()
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
