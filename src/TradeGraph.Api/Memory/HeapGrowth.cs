namespace TradeGraph.Api.Memory;

/// <summary>
/// Whether the managed heap grew far enough past what the last compaction left to be worth another: held bytes are the
/// larger of what is allocated now (dead objects included until a collection finds them) and what the last collection
/// left committed (free space and fragmentation included).
/// </summary>
internal sealed class HeapGrowth(long thresholdBytes)
{
    private long _afterLastCompaction;

    public bool IsEnabled => thresholdBytes > 0;

    public bool WorthCompacting(long heldBytes) => IsEnabled && heldBytes - _afterLastCompaction >= thresholdBytes;

    public void Compacted(long heldBytes) => _afterLastCompaction = heldBytes;

    /// <summary>Counts a compaction made elsewhere in the process (the heap is the process's, not one host's).</summary>
    public void CompactedElsewhere(long heldBytes) => _afterLastCompaction = Math.Max(_afterLastCompaction, heldBytes);

    /// <summary>The managed heap's held bytes now, as <see cref="WorthCompacting"/> measures them.</summary>
    public static long HeldBytes() => Math.Max(GC.GetTotalMemory(forceFullCollection: false), GC.GetGCMemoryInfo().TotalCommittedBytes);
}
