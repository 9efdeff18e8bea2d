using System.Buffers;

namespace TradeGraph.Core.Analytics;

/// <summary>
/// Temporaries of a projection's build. Small ones are pooled; large ones (the large object heap's) are allocated and
/// left to the collector: the shared pool keeps what it is given back for the life of the process, which at 1M was two
/// 4 MB arrays per size held between rare rebuilds (issue 13), while the idle compaction hands a rebuild's garbage back.
/// </summary>
internal static class ScratchArrays
{
    // Below the large object heap's threshold (85,000 bytes).
    private const int PooledLength = 16 * 1024;

    public static int[] Rent(int length) =>
        length <= PooledLength ? ArrayPool<int>.Shared.Rent(length) : GC.AllocateUninitializedArray<int>(length);

    public static void Return(int[] array)
    {
        if (array.Length <= PooledLength)
        {
            ArrayPool<int>.Shared.Return(array);
        }
    }
}
