namespace TradeGraph.Api.Memory;

/// <summary>
/// Whether the managed heap is worth another compaction since the last: it grew far enough past what that compaction
/// left (held bytes are the larger of what is allocated now — dead objects included until a collection finds them — and
/// what the last collection left committed), or the process allocated enough since then. The second catches garbage made
/// right after a compaction that the collections meanwhile kept committed below the growth threshold (issue 13: the
/// analytics fields run just after an idle compaction left their large arrays under 64 MiB of growth).
/// </summary>
internal sealed class HeapGrowth(long thresholdBytes, long allocatedThresholdBytes = 0)
{
    private long _afterLastCompaction;
    private long _allocatedAtLastCompaction;

    public bool IsEnabled => thresholdBytes > 0;

    /// <summary>
    /// Whether to compact now. What was allocated counts only when <paramref name="requestsRanSince"/> the last compaction:
    /// background work (a reload, the analytics warm-up) allocates without requests, and compacting every idle check
    /// while it runs would slow it for nothing its garbage needs.
    /// </summary>
    public bool WorthCompacting(long heldBytes, long allocatedBytes = 0, bool requestsRanSince = true) => IsEnabled
        && (heldBytes - _afterLastCompaction >= thresholdBytes
            || (requestsRanSince && allocatedThresholdBytes > 0 && allocatedBytes - _allocatedAtLastCompaction >= allocatedThresholdBytes));

    public void Compacted(long heldBytes, long allocatedBytes = 0)
    {
        _afterLastCompaction = heldBytes;
        _allocatedAtLastCompaction = allocatedBytes;
    }

    /// <summary>
    /// Counts a compaction made elsewhere in the process (the heap is the process's, not one host's) when it came after this
    /// one's last: the process's allocation count only rises, so a larger count marks a later compaction, and what it left
    /// is where growth counts from (less than this one's mark, if the heap was smaller then).
    /// </summary>
    public void CompactedElsewhere(long heldBytes, long allocatedBytes)
    {
        if (allocatedBytes > _allocatedAtLastCompaction)
        {
            _afterLastCompaction = heldBytes;
            _allocatedAtLastCompaction = allocatedBytes;
        }
    }

    /// <summary>The managed heap's held bytes now, as <see cref="WorthCompacting"/> measures them.</summary>
    public static long HeldBytes() => Math.Max(GC.GetTotalMemory(forceFullCollection: false), GC.GetGCMemoryInfo().TotalCommittedBytes);

    /// <summary>Every byte the process has allocated on the managed heap so far (monotonic; not precise, which is enough here).</summary>
    public static long AllocatedBytes() => GC.GetTotalAllocatedBytes(precise: false);
}
