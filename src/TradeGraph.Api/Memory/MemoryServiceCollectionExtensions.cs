namespace TradeGraph.Api.Memory;

public static class MemoryServiceCollectionExtensions
{
    /// <summary>The idle-time compaction of the managed heap (<see cref="IdleHeapCompaction"/>), set by the Memory section.</summary>
    public static IServiceCollection AddIdleHeapCompaction(this IServiceCollection services)
    {
        services.AddOptions<MemoryOptions>().BindConfiguration(MemoryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        return services.AddHostedService<IdleHeapCompaction>();
    }
}
