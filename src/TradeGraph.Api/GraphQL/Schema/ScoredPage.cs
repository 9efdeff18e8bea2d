using TradeGraph.Core.Analytics;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>A scored entity on a page of a ranking, and the cursor that points at it.</summary>
internal sealed record ScoredEdge(string Cursor, NodeScore Node);

/// <summary>
/// One Relay page of a <see cref="Ranking"/>, which is already in memory and in order. Cursors are keyset cursors
/// (score and key, tied to the measure), so a page after a cursor stays right when the ranking is recomputed.
/// </summary>
internal sealed record ScoredPage(IReadOnlyList<ScoredEdge> Edges, bool HasNextPage, bool HasPreviousPage, int TotalCount)
{
    public static ScoredPage Of(Ranking ranking, ScoreMeasure measure, PageRequest page)
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

        var edges = new List<ScoredEdge>(end - start);
        for (var i = start; i < end; i++)
        {
            var entry = ranking[i];
            edges.Add(new ScoredEdge(Cursor.Encode(order, [entry.Score], entry.Key), entry));
        }

        return new ScoredPage(edges, HasNextPage: end < ranking.Count, HasPreviousPage: start > 0, ranking.Count);
    }
}
