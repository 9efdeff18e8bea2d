using TradeGraph.Api.Storage;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Memory;

public static class MemoryServiceCollectionExtensions
{
    /// <summary>The idle-time compaction of the managed heap (<see cref="IdleHeapCompaction"/>), the release of native memory a burst grew (<see cref="IdleNativeMemory"/>) and the malloc arena limit (<see cref="MallocArenaLimit"/>), set by the Memory section.</summary>
    public static IServiceCollection AddMemoryUpkeep(this IServiceCollection services)
    {
        services.AddOptions<MemoryOptions>().BindConfiguration(MemoryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new IdleNativeMemory(() => sp.GetService<StoreOfRecord>()?.Store as IReleasesIdleMemory,
            sp.GetRequiredService<ILogger<IdleNativeMemory>>()));
        services.AddSingleton<CollectionAfterLargeWork>();
        services.AddSingleton<MallocArenaLimit>();
        services.AddHostedService(sp => sp.GetRequiredService<MallocArenaLimit>());
        return services.AddHostedService<IdleHeapCompaction>();
    }
}
