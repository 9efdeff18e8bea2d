using Microsoft.Extensions.Options;
using TradeGraph.Core.Model;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Api.Storage;

public static class SqliteStoreRegistration
{
    /// <summary>
    /// The embedded SQLite store (<c>Storage:Sqlite</c>) as the store of record, and its health check, when
    /// <c>Storage:Provider</c> chooses it (the default); otherwise nothing.
    /// </summary>
    public static IServiceCollection AddSqliteGraphStore(this IServiceCollection services, IConfiguration configuration)
    {
        if (!StorageOptions.Chooses(configuration, StorageOptions.Sqlite))
        {
            return services;
        }

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
        return services;
    }
}
