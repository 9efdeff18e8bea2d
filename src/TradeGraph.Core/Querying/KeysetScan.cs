using System.Runtime.CompilerServices;

namespace TradeGraph.Core.Querying;

/// <summary>A whole set read in key order, page by page: each page starts after the last key read; a short page is the last.</summary>
public static class KeysetScan
{
    /// <summary><paramref name="readPage"/> gives up to <paramref name="pageSize"/> items after the key given (null: from the start), in key order.</summary>
    public static async IAsyncEnumerable<T> StreamAsync<T>(Func<string?, CancellationToken, Task<IReadOnlyList<T>>> readPage, Func<T, string> keyOf,
        int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        string? after = null;
        while (true)
        {
            var page = await readPage(after, cancellationToken);
            foreach (var item in page)
            {
                after = keyOf(item);
                yield return item;
            }

            if (page.Count < pageSize)
            {
                yield break;
            }
        }
    }
}
