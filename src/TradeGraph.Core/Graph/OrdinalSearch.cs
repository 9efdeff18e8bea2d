namespace TradeGraph.Core.Graph;

/// <summary>
/// A key's place in an array of keys sorted in ordinal order. <see cref="Array.BinarySearch{T}(T[], T, IComparer{T})"/>
/// with <see cref="StringComparer.Ordinal"/> goes through the comparer interface and a generic sort helper for every
/// comparison; a path query looks up both its ends this way on every request, so the comparison is called directly.
/// </summary>
public static class OrdinalSearch
{
    /// <summary>
    /// As <see cref="Array.BinarySearch{T}(T[], T, IComparer{T})"/> with the ordinal comparer: the index of
    /// <paramref name="key"/>, or the complement of the index of the first key after it.
    /// </summary>
    public static int IndexOf(string[] sorted, string key)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var low = 0;
        var high = sorted.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var order = string.CompareOrdinal(sorted[middle], key);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }
}
