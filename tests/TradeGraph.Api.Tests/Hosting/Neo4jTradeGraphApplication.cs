using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using TradeGraph.Storage.Neo4j;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Api.Tests.Hosting;

/// <summary>
/// The real service on the Neo4j store named by NEO4J_URI (NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE), emptied and
/// seeded on start: the same tests as on the embedded store, where a Neo4j is at hand. None can run on this project's
/// machines, so there <see cref="UnavailableReason"/> says why such a test is skipped.
/// </summary>
public sealed class Neo4jTradeGraphApplication : TradeGraphApplication
{
    public static string? UnavailableReason =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("NEO4J_URI"))
            ? "NEO4J_URI is not set: this run needs a real Neo4j (none can run on this machine). Set NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD to a throwaway database to run it."
            : null;

    private Neo4jTradeGraphApplication()
    {
    }

    /// <summary>Empties the database NEO4J_URI names (the app seeds it when it starts) and returns the application.</summary>
    public static async Task<Neo4jTradeGraphApplication> CreateOnEmptyDatabaseAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddEnvironmentVariables().Build());
        services.AddLogging();
        services.AddNeo4jQueryApi();
        await using (var provider = services.BuildServiceProvider())
        {
            var runner = provider.GetRequiredService<INeo4jQueryRunner>();
            await runner.RunAsync(new CypherStatement("MATCH (n) DETACH DELETE n", new Dictionary<string, object?>()), AccessMode.Write, CancellationToken.None);
        }

        return new Neo4jTradeGraphApplication();
    }

    /// <summary>The application on the store a test names: "Sqlite" (always) or "Neo4j" (skipped without NEO4J_URI).</summary>
    public static async Task<TradeGraphApplication> OnStoreAsync(string store)
    {
        if (store == "Sqlite")
        {
            return new TradeGraphApplication();
        }

        Skip.If(UnavailableReason is not null, UnavailableReason);
        return await CreateOnEmptyDatabaseAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Storage:Provider", "Neo4j");
    }
}
