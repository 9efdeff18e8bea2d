using Microsoft.Extensions.Options;
using TradeGraph.Core.Ingestion;
using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;
using TradeGraph.Storage.Neo4j;
using TradeGraph.Storage.Neo4j.QueryApi;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Api.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the model, the store <c>Storage:Provider</c> names (Sqlite, the embedded default, or Neo4j), its health
    /// check, the read model in front of it (<c>Storage:ReadModel:Enabled</c>), the writer (it publishes to the change feed of live updates), and the start-up step that migrates and seeds the store.
    /// </summary>
    public static IServiceCollection AddGraphStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TradeModel.Define());
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName)
            .Validate(o => StorageOptions.Providers.Contains(o.Provider, StringComparer.OrdinalIgnoreCase),
                $"Storage:Provider must be one of {string.Join(", ", StorageOptions.Providers)}.")
            .ValidateOnStart();
        services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.SectionName);
        var provider = configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}"] ?? StorageOptions.Sqlite;
        if (provider.Equals(StorageOptions.Neo4j, StringComparison.OrdinalIgnoreCase))
        {
            services.AddNeo4jQueryApi();
            services.AddSingleton(sp => new StoreOfRecord(new Neo4jGraphStore(sp.GetRequiredService<INeo4jQueryRunner>(), sp.GetRequiredService<GraphModel>(),
                sp.GetRequiredService<IOptions<Neo4jOptions>>().Value.ExportAttempts)
            {
                Settings = sp.GetRequiredService<IOptions<Neo4jOptions>>().Value,
                Logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger<Neo4jGraphStore>(),
                Clock = sp.GetService<TimeProvider>() ?? TimeProvider.System,
            }));
            // A cheap RETURN 1 through the same circuit breaker: reports Neo4j down at once, never counts the whole graph.
            services.AddHealthChecks().AddCheck<Neo4jHealthCheck>("store");
        }
        else
        {
            services.AddOptions<SqliteStoreOptions>().BindConfiguration(SqliteStoreOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
            services.AddSingleton(sp =>
            {
                var options = sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value;
                var contentRoot = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
                var resolved = new SqliteStoreOptions
                {
                    Path = Path.GetFullPath(options.Path, contentRoot),
                    ReadConnections = options.ReadConnections,
                    StatementsPerConnection = options.StatementsPerConnection,
                    TopologySnapshot = options.TopologySnapshot,
                };
                return new StoreOfRecord(new SqliteGraphStore(resolved, sp.GetRequiredService<GraphModel>())
                {
                    Clock = sp.GetService<TimeProvider>() ?? TimeProvider.System,
                });
            });
            services.AddHealthChecks().AddCheck<GraphStoreHealthCheck>("store");
        }

        // Reads from memory in front of the store when the read model is on (see ReadModelOptions for the defaults).
        services.AddOptions<ReadModelOptions>().BindConfiguration(ReadModelOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var readModel = configuration.GetSection(ReadModelOptions.SectionName).Get<ReadModelOptions>() ?? new ReadModelOptions();
        services.AddSingleton<IGraphStore>(sp => readModel.IsEnabledFor(provider)
            ? new ReadModelGraphStore(sp.GetRequiredService<StoreOfRecord>().Store, sp.GetRequiredService<GraphModel>(),
                token => AfterAnalyticsWarmUpAsync(sp, readModel, token))
            : sp.GetRequiredService<StoreOfRecord>().Store);
        services.AddSingleton<GraphVersion>();
        services.AddSingleton<LocalCommits>();
        services.AddSingleton<GraphWriter>();
        services.AddSingleton<ArticleIngestor>();
        services.AddHostedService<StoreInitializer>();
        return services;
    }

    /// <summary>
    /// The read model's first build starts once the host has started (the store is seeded, analytics warming begun) and
    /// the analytics snapshot warmed at start is served (what the first analytics answer needs; on a 2-core box the two
    /// reads of the whole graph would otherwise share the CPU), or after <see cref="ReadModelOptions.WaitForAnalyticsSeconds"/>,
    /// whichever comes first.
    /// </summary>
    private static Task AfterAnalyticsWarmUpAsync(IServiceProvider services, ReadModelOptions options, CancellationToken cancellationToken) =>
        services.GetService<Analytics.AnalyticsStartupGate>() is { } gate
            ? gate.WaitAsync(TimeSpan.FromSeconds(options.WaitForAnalyticsSeconds), cancellationToken)
            : Task.CompletedTask;
}
