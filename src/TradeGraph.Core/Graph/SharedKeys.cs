using TradeGraph.Core.Analytics;

namespace TradeGraph.Core.Graph;

/// <summary>
/// One string instance per entity key for the process's long-lived structures: the analytics topology, the read model
/// and the vector index each read the keys from the store, a new string per row, so at 1M they held three copies of
/// 182,000 keys (≈ 20 MB more than one; issue 13). The topology's keys (sorted, held anyway) are offered here; the others
/// take their instance by a binary search, no table of their own. <see cref="Share"/> always returns a string equal to the
/// one given, so whatever was offered last (another host in the same process, an older graph) changes no answer, only
/// how much is shared.
/// </summary>
public static class SharedKeys
{
    private static volatile string[] _sorted = [];

    /// <summary>Offers the keys of a whole-graph topology (in ordinal order) as the instances to share from now on.</summary>
    public static void Offer(GraphTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        _sorted = topology.Keys;
    }

    /// <summary>The offered instance of <paramref name="key"/> when there is one, else <paramref name="key"/> itself.</summary>
    public static string Share(string key)
    {
        var sorted = _sorted;
        var at = Array.BinarySearch(sorted, key, StringComparer.Ordinal);
        return at >= 0 ? sorted[at] : key;
    }
}
