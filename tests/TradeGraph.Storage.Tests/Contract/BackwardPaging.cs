using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Tests.Contract;

/// <summary>
/// Walks a keyset-paged read to its end both ways and checks what Hot Chocolate's paging promises: walking back with
/// last/before from the end meets the same items as walking forward with first/after, in reverse; last alone is the
/// final items in order; before the first item is empty with nothing before it; the flags say where each page stands.
/// `read` reads one page of the list (whatever the store and the read), `describe`
/// names an item.
/// </summary>
internal static class BackwardPaging
{
    public static async Task<IReadOnlyList<string>> AssertBothWaysAgreeAsync<T>(Func<PageRequest, Task<Page<T>>> read, Func<T, string> describe, int size)
    {
        var forward = new List<PageItem<T>>();
        var page = await read(new PageRequest(First: size));
        Assert.False(page.HasPreviousPage, "the first page says something lies before it");
        forward.AddRange(page.Items);
        while (page.HasNextPage)
        {
            page = await read(new PageRequest(First: size, After: forward[^1].Cursor));
            Assert.True(page.HasPreviousPage, "a page after a cursor says nothing lies before it");
            forward.AddRange(page.Items);
        }

        var backward = new List<PageItem<T>>();
        page = await read(new PageRequest(Last: size));
        Assert.False(page.HasNextPage, "the last page says something lies after it");
        backward.InsertRange(0, page.Items);
        while (page.HasPreviousPage)
        {
            page = await read(new PageRequest(Last: size, Before: backward[0].Cursor));
            Assert.True(page.HasNextPage, "a page before a cursor says nothing lies after it");
            Assert.InRange(page.Items.Count, 1, size);
            backward.InsertRange(0, page.Items);
        }

        var names = forward.Select(i => describe(i.Value)).ToList();
        Assert.True(names.Count > size, $"too few items ({names.Count}) to page through");
        Assert.Equal(names, backward.Select(i => describe(i.Value)));
        Assert.Equal(forward.Select(i => i.Cursor), backward.Select(i => i.Cursor));

        // last without before: the final items, in the list's order.
        var final = await read(new PageRequest(Last: size));
        Assert.Equal(names[^size..], final.Items.Select(i => describe(i.Value)));
        Assert.True(final.HasPreviousPage);

        // before the first item: nothing, and nothing before it.
        var beforeStart = await read(new PageRequest(Last: size, Before: forward[0].Cursor));
        Assert.Empty(beforeStart.Items);
        Assert.False(beforeStart.HasPreviousPage);

        // between two cursors, either way: the items strictly between them.
        var between = new PageRequest(First: size, After: forward[0].Cursor, Before: forward[^1].Cursor);
        Assert.Equal(names[1..Math.Min(size + 1, names.Count - 1)], (await read(between)).Items.Select(i => describe(i.Value)));
        var betweenBack = between with { First = null, Last = size };
        Assert.Equal(names[Math.Max(1, names.Count - 1 - size)..^1], (await read(betweenBack)).Items.Select(i => describe(i.Value)));
        return names;
    }
}
