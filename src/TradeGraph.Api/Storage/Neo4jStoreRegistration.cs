using Microsoft.Extensions.Options;
using TradeGraph.Core.Model;
using TradeGraph.Storage.Neo4j;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Api.Storage;

public static class Neo4jStoreRegistration
{
    /// <summary>
    /// Neo4j over its HTTP Query API (<c>Storage:Neo4j</c>) as the store of record, and its health check, when
    /// <c>Storage:Provider</c> chooses it; otherwise nothing.
    /// </summary>
    public static IServiceCollection AddNeo4jGraphStore(this IServiceCollection services, IConfiguration configuration)
    {
        if (!StorageOptions.Chooses(configuration, StorageOptions.Neo4j))
        {
            return services;
        }

        services.AddNeo4jQueryApi();
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<Neo4jOptions>>().Value;
            return new StoreOfRecord(new Neo4jGraphStore(sp.GetRequiredService<INeo4jQueryRunner>(), sp.GetRequiredService<GraphModel>(), settings.ExportAttempts)
            {
                Settings = settings,
                Logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger<Neo4jGraphStore>(),
                Clock = sp.GetService<TimeProvider>() ?? TimeProvider.System,
            });
        });
        // A cheap RETURN 1 through the same circuit breaker: reports Neo4j down at once, never counts the whole graph.
        services.AddHealthChecks().AddCheck<Neo4jHealthCheck>("store");
        return services;
    }
}
