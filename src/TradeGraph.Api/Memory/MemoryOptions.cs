using System.ComponentModel.DataAnnotations;

namespace TradeGraph.Api.Memory;

/// <summary>When the server hands the garbage of large one-off work (analytics fields, builds) back to the OS.</summary>
public sealed class MemoryOptions
{
    public const string SectionName = "Memory";

    /// <summary>
    /// Once the managed heap holds this many MiB more than after the last compaction and no request has been in flight for
    /// <see cref="IdleCompactionAfterSeconds"/>, one full compacting collection runs (issue 13). 0: never.
    /// </summary>
    [Range(0, 1 << 20)]
    public int IdleCompactionMegabytes { get; set; } = 64;

    /// <summary>
    /// The same collection also runs once the process has allocated this many MiB since the last compaction, whatever the
    /// heap's growth: garbage made right after a compaction (the analytics fields run just after an idle one) can stay
    /// below <see cref="IdleCompactionMegabytes"/> of growth and would be kept (issue 13). Only while idle, as above, and
    /// only when requests ran since the last compaction (at most once per burst of requests; background work such as a
    /// reload allocates without them and is left to growth). 0: growth alone decides. Ignored when
    /// <see cref="IdleCompactionMegabytes"/> is 0.
    /// </summary>
    [Range(0, 1 << 20)]
    public int IdleCompactionAllocatedMegabytes { get; set; } = 128;

    /// <summary>
    /// Once no request has been in flight for <see cref="IdleCompactionAfterSeconds"/> after any ran, empty the store's
    /// caches (SQLite's page cache per kept read connection) and trim glibc's malloc arenas (issue 13: 0–24 MB at 1M
    /// after a 32-connection burst). The next request reads its pages from the OS's file cache again.
    /// </summary>
    public bool IdleNativeRelease { get; set; } = true;

    /// <summary>
    /// At most this many glibc malloc arenas (<c>mallopt(M_ARENA_MAX)</c>, set at start; Linux with glibc only). glibc's own
    /// limit is eight per core, and every arena keeps freed native memory (SQLite's, the runtime's) for reuse: after the
    /// bench's 32-connection runs at 1M they held 31–80 MiB. 0: glibc's default (or what <c>MALLOC_ARENA_MAX</c> says).
    /// </summary>
    [Range(0, 1024)]
    public int MallocArenaMax { get; set; } = 2;

    /// <summary>
    /// An analytics computation for a request that allocated at least this many MiB on its thread is followed, once no
    /// request is in flight, by one full collection from a background task (<see cref="CollectionAfterLargeWork"/>), so
    /// its garbage is handed back before the next idle period (issue 13: the memory right after the analytics fields at
    /// 1M). 0: never.
    /// </summary>
    [Range(0, 1 << 20)]
    public int CollectAfterAnalyticsMegabytes { get; set; } = 48;

    /// <summary>How long the server must have had no request in flight before that collection runs.</summary>
    [Range(1, 3600)]
    public int IdleCompactionAfterSeconds { get; set; } = 2;
}
