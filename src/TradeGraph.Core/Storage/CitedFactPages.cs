using TradeGraph.Core.Querying;
using TradeGraph.Core.Writing;

namespace TradeGraph.Core.Storage;

/// <summary>A citation as a store reads it for a page of cited facts: the fact, and where it stands in the store's citation order.</summary>
public sealed record CitedFactRow<TPosition>(CitedFact Fact, TPosition Position);

/// <summary>
/// What a store does for <see cref="CitedFactPages"/>: its citation order (its own, stable: SQLite's row order, Neo4j's
/// keys) and the cursor that names a position in it.
/// </summary>
public interface ICitedFactRows<TPosition>
    where TPosition : class
{
    /// <summary>The position a cursor names; a cursor that names none is refused (a coded error, as every cursor).</summary>
    TPosition DecodeCursor(string cursor);

    string EncodeCursor(TPosition position);

    /// <summary>
    /// Up to <see cref="KeysetPaging.Limit"/> citations of each source strictly between the positions, in the reading order
    /// of <paramref name="paging"/> (the citation order, reversed when it reads back), by source. A source left out keeps
    /// the empty page; one given with no rows gets the same empty page (the flags of the paging).
    /// </summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<CitedFactRow<TPosition>>>> ReadAsync(IReadOnlyCollection<string> sourceKeys, KeysetPaging paging, TPosition? after, TPosition? before,
        CancellationToken cancellationToken);
}

/// <summary>The facts sources cite, a keyset page per source (<see cref="IGraphStore.ListCitedFactsAsync"/>), the same on every store.</summary>
public static class CitedFactPages
{
    /// <summary>The page size when the request names none.</summary>
    public const int DefaultSize = 10;

    public static async Task<IReadOnlyDictionary<string, Page<CitedFact>>> ListAsync<TPosition>(ICitedFactRows<TPosition> store,
        IReadOnlyCollection<string> sourceKeys, PageRequest page, CancellationToken cancellationToken)
        where TPosition : class
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(sourceKeys);
        var paging = KeysetPaging.Of(page, DefaultSize);
        var after = page.After is null ? null : store.DecodeCursor(page.After);
        var before = page.Before is null ? null : store.DecodeCursor(page.Before);
        // Facts before the page's start are assumed when it starts from a cursor (Hot Chocolate's keyset rule).
        var beyondStart = paging.StartCursor(page) is not null;
        // Every source asked has a page, an empty one when it cites nothing there — with the paging's flags, whichever
        // sources a store's read returns (Neo4j's returns every source asked, SQLite's only those with rows).
        var pages = sourceKeys.Distinct().ToDictionary(k => k, _ => paging.ToPage(new List<PageItem<CitedFact>>(), beyondStart), StringComparer.Ordinal);
        if (pages.Count == 0)
        {
            return pages;
        }

        var rows = await store.ReadAsync(sourceKeys, paging, after, before, cancellationToken);
        foreach (var (source, read) in rows)
        {
            pages[source] = paging.ToPage([.. read.Select(r => new PageItem<CitedFact>(r.Fact, store.EncodeCursor(r.Position)))], beyondStart);
        }

        return pages;
    }
}
