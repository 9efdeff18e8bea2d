namespace TradeGraph.Core.Querying;

/// <summary>
/// How every keyset page is read, one rule for every store and every paged read (entity lists, ranked search, cited
/// facts): <c>first</c> reads the order forward from <c>after</c>; <c>last</c> without <c>first</c> reads the reversed
/// order back from <c>before</c> (from the end without it) and the page is flipped afterwards, so it keeps the order;
/// one row more than the page is read to tell whether more lie beyond its end. A request with both first and last is
/// refused before it reaches a store (as Hot Chocolate's keyset paging refuses it); a store given one reads forward.
/// </summary>
public readonly record struct KeysetPaging(bool Forward, int Size)
{
    /// <summary>The paging of <paramref name="page"/>; <paramref name="defaultSize"/> when it names no size.</summary>
    public static KeysetPaging Of(PageRequest page, int defaultSize = int.MaxValue - 1)
    {
        ArgumentNullException.ThrowIfNull(page);
        var forward = page.Last is null || page.First is not null;
        return new KeysetPaging(forward, (forward ? page.First : page.Last) ?? defaultSize);
    }

    /// <summary>How many rows to read: the page and one more.</summary>
    public long Limit => (long)Size + 1;

    /// <summary>The cursor the page starts from in reading order (after going forward, before going back), or null.</summary>
    public string? StartCursor(PageRequest page) => Forward ? page?.After : page?.Before;

    /// <summary>
    /// The page from rows read in reading order (up to <see cref="Limit"/>): the extra row dropped, a backward read
    /// flipped, and the flags set — more beyond the end from the extra row, more before the start from
    /// <paramref name="beyondStart"/> (a row on the far side of the cursor the page starts from).
    /// </summary>
    public Page<T> ToPage<T>(List<PageItem<T>> read, bool beyondStart)
    {
        ArgumentNullException.ThrowIfNull(read);
        var more = read.Count > Size;
        if (more)
        {
            read.RemoveRange(Size, read.Count - Size);
        }

        if (!Forward)
        {
            read.Reverse();
        }

        return Forward ? new Page<T>(read, more, beyondStart) : new Page<T>(read, beyondStart, more);
    }
}
