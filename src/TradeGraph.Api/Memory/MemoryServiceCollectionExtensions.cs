using TradeGraph.Api.Storage;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Memory;

public static class MemoryServiceCollectionExtensions
{
    /// <summary>The idle-time compaction of the managed heap (<see cref="IdleHeapCompaction"/>) and the release of native memory a burst grew (<see cref="IdleNativeMemory"/>), set by the Memory section.</summary>
    public static IServiceCollection AddIdleHeapCompaction(this IServiceCollection services)
    {
        services.AddOptions<MemoryOptions>().BindConfiguration(MemoryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new IdleNativeMemory(() => sp.GetService<StoreOfRecord>()?.Store as IReleasesIdleMemory,
            sp.GetRequiredService<ILogger<IdleNativeMemory>>()));
        return services.AddHostedService<IdleHeapCompaction>();
    }
}
