using Microsoft.Extensions.Options;

namespace TradeGraph.Api.Memory;

/// <summary>
/// Sets <see cref="MemoryOptions.MallocArenaMax"/> as the host starts, before Kestrel's and the thread pool's request
/// threads allocate (an arena is made when a thread's first allocation finds the others busy). An environment's own
/// <c>MALLOC_ARENA_MAX</c> wins: the setting is not applied over it.
/// </summary>
internal sealed partial class MallocArenaLimit(IOptions<MemoryOptions> options, ILogger<MallocArenaLimit> logger) : IHostedService
{
    /// <summary>Whether the limit was set in this host.</summary>
    public bool Applied { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var arenas = options.Value.MallocArenaMax;
        if (arenas > 0 && Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null)
        {
            Applied = GlibcHeap.TryLimitArenas(arenas);
            LogLimit(arenas, Applied);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "malloc arenas limited to {Arenas}: {Applied}")]
    private partial void LogLimit(int arenas, bool applied);
}
