using Microsoft.Extensions.Options;
using TradeGraph.Core.Ingestion;
using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Api.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the model, the configured store, the writer (it publishes to the change feed of live updates), and the start-up step that migrates and seeds the store.</summary>
    public static IServiceCollection AddGraphStore(this IServiceCollection services)
    {
        services.AddSingleton(TradeModel.Define());
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName)
            .Validate(o => o.Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase),
                "Storage:Provider must be Sqlite (the Neo4j backend is not part of this release).")
            .ValidateOnStart();
        services.AddOptions<SqliteStoreOptions>().BindConfiguration(SqliteStoreOptions.SectionName);
        services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.SectionName);
        services.AddSingleton<IGraphStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value;
            var contentRoot = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
            var resolved = new SqliteStoreOptions { Path = Path.GetFullPath(options.Path, contentRoot) };
            return new SqliteGraphStore(resolved, sp.GetRequiredService<GraphModel>());
        });
        services.AddSingleton<GraphWriter>();
        services.AddSingleton<ArticleIngestor>();
        services.AddHostedService<StoreInitializer>();
        services.AddHealthChecks().AddCheck<GraphStoreHealthCheck>("store");
        return services;
    }
}
