namespace TradeGraph.Api.Memory;

/// <summary>
/// The process's full compaction (aggressive: compacting, large objects included, and the free space decommitted) and
/// what the last one left. The heap is the process's, so every upkeep that compacts — the idle compaction, the collection
/// after large analytics work, a second host in the same process (tests run dozens) — runs it here and measures growth
/// from the one mark instead of compacting the same heap again.
/// </summary>
internal static class ProcessCompaction
{
    private static readonly Lock s_gate = new();
    private static (long HeldBytes, long AllocatedBytes) s_last;

    /// <summary>
    /// What the last compaction left: the heap's held bytes after it and the process's allocation count before it (that
    /// count only rises, so a larger one marks a later compaction).
    /// </summary>
    public static (long HeldBytes, long AllocatedBytes) Last
    {
        get
        {
            lock (s_gate)
            {
                return s_last;
            }
        }
    }

    /// <summary>Runs one compaction and records it as the last; returns what it left.</summary>
    public static (long HeldBytes, long AllocatedBytes) Run()
    {
        var allocated = HeapGrowth.AllocatedBytes();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var left = (HeapGrowth.HeldBytes(), allocated);
        lock (s_gate)
        {
            if (allocated >= s_last.AllocatedBytes)
            {
                s_last = left;
            }
        }

        return left;
    }
}
