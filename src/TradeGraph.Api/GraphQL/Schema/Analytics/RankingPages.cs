using TradeGraph.Core.Analytics;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.GraphQL.Schema.Analytics;

/// <summary>
/// One Relay page of a <see cref="Ranking"/>, which is already in memory and in order, as a <see cref="Page{T}"/> for the
/// connection component. Cursors are keyset cursors (score and key, tied to the measure), so a page after a cursor stays
/// right when the ranking is recomputed; each is encoded only when read.
/// </summary>
internal static class RankingPages
{
    public static Page<NodeScore> Of(Ranking ranking, ScoreMeasure measure, PageRequest page)
    {
        IReadOnlyList<SortKey> order = [new ScoreSort(new ScoreTable(measure, ranking.Scores), Descending: true)];
        // Entries up to and including the cursor's (after), or strictly before it (before), in the ranking's order.
        int Position(string cursor, bool including)
        {
            var (values, key) = Cursor.Decode(cursor, order);
            var position = values[0] is double or long
                ? ranking.PositionAfter(Convert.ToDouble(values[0], System.Globalization.CultureInfo.InvariantCulture), key)
                : throw new InvalidCursorException(cursor);
            return !including && position > 0 && ranking[position - 1].Key == key ? position - 1 : position;
        }

        var low = page.After is null ? 0 : Position(page.After, including: true);
        var high = page.Before is null ? ranking.Count : Math.Max(low, Position(page.Before, including: false));
        int start, end;
        if (page.Last is { } last && page.First is null)
        {
            end = high;
            start = Math.Max(low, end - last);
        }
        else
        {
            start = low;
            end = Math.Min(high, start + (page.First ?? high - start));
        }

        var items = new PageItem<NodeScore>[end - start];
        for (var i = start; i < end; i++)
        {
            var entry = ranking[i];
            items[i - start] = new PageItem<NodeScore>(entry, () => Cursor.Encode(order, [entry.Score], entry.Key));
        }

        return new Page<NodeScore>(items, HasNextPage: end < ranking.Count, HasPreviousPage: start > 0);
    }
}
