using Microsoft.Extensions.Options;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Storage;

/// <summary>
/// What every store shares: the chosen provider (<c>Storage:Provider</c>, validated on start), seeding, the read model in
/// front of the store of record (<c>Storage:ReadModel:Enabled</c>) and the start-up step that migrates and seeds it.
/// The store itself registers itself when chosen (<see cref="SqliteStoreRegistration.AddSqliteGraphStore"/>,
/// <see cref="Neo4jStoreRegistration.AddNeo4jGraphStore"/>).
/// </summary>
public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddGraphStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName)
            .Validate(o => StorageOptions.Providers.Contains(o.Provider, StringComparer.OrdinalIgnoreCase),
                $"Storage:Provider must be one of {string.Join(", ", StorageOptions.Providers)}.")
            .ValidateOnStart();
        services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.SectionName);

        // Reads from memory in front of the store when the read model is on (see ReadModelOptions for the defaults).
        services.AddOptions<ReadModelOptions>().BindConfiguration(ReadModelOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var readModel = configuration.GetSection(ReadModelOptions.SectionName).Get<ReadModelOptions>() ?? new ReadModelOptions();
        var provider = StorageOptions.ProviderIn(configuration);
        services.AddSingleton<IGraphStore>(sp =>
        {
            // An unknown provider registered no store: say which providers there are rather than "no StoreOfRecord".
            _ = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var store = sp.GetRequiredService<StoreOfRecord>().Store;
            return readModel.IsEnabledFor(provider)
                ? new ReadModelGraphStore(store, sp.GetRequiredService<Core.Model.GraphModel>(), token => AfterAnalyticsWarmUpAsync(sp, readModel, token))
                : store;
        });
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
