using Microsoft.Extensions.Options;
using TradeGraph.Core.Model;
using TradeGraph.Core.Seeding;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Storage;

/// <summary>
/// Runs before the host takes requests: creates or migrates the store, then seeds it if it is empty,
/// so the first request already sees the graph.
/// </summary>
internal sealed partial class StoreInitializer(
    IGraphStore store,
    GraphModel model,
    IOptions<SeedOptions> seedOptions,
    ILogger<StoreInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        var statistics = await store.GetStatisticsAsync(cancellationToken);
        if (statistics.EntityCount > 0 || !seedOptions.Value.LoadWhenEmpty)
        {
            LogStoreReady(statistics.EntityCount, statistics.RelationshipCount);
            return;
        }

        var path = System.IO.Path.Combine(AppContext.BaseDirectory, seedOptions.Value.Path);
        var document = new SeedReader(model).ReadDirectory(path);
        var result = await store.ImportAsync(document, cancellationToken);
        LogSeeded(result.Inserted, path);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Store ready with {EntityCount} entities and {RelationshipCount} relationships")]
    private partial void LogStoreReady(long entityCount, long relationshipCount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Seeded an empty store with {FactCount} facts from {SeedPath}")]
    private partial void LogSeeded(int factCount, string seedPath);
}
