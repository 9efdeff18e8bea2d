using TradeGraph.Core.Analytics;

namespace TradeGraph.Core.Querying;

/// <summary>
/// A first page of one kind ordered by a score alone (<c>officials(order: [{ pageRank: DESC }], first: 10)</c>), narrowed
/// to the few entities that can be on it, taken from the ranking the scores come from: the store then orders a handful of
/// rows found by key instead of every entity of the kind (182k officials at 1M, scored one by one — most of a cold
/// server's first analytics answer). The store still orders, pages and encodes the narrowed rows itself, so the page,
/// its flags and cursors are the ones it would give for the whole kind.
/// <para>
/// Why the narrowed rows hold the page: the ranking orders by scores rounded to 12 significant digits, ties by key; the
/// store by exact score, ties by key. Rounding keeps order (a lower rounded score is a lower score), so taking entries in
/// the ranking's order until the page and one more row are taken and the rounded score of the last one taken changes
/// gives every row that can come before any row left out. Only while the ranking describes the graph as it is
/// (<see cref="ScoreTable.Ranked"/>, no write since), so the ranking's entities of the kind are the store's; a candidate
/// gone from the store since is simply not found, which only shortens the page, so a page that comes back short is
/// read again whole by the caller.
/// </para>
/// </summary>
public static class RankedFirstPage
{
    /// <summary>Beyond this many candidates (a page this large, or a run of tied scores) the store orders the whole kind.</summary>
    public const int MaxCandidates = 2_048;

    /// <summary>
    /// The query narrowed to the entities its page can hold (a key filter, and the scores of those entities only), or
    /// null when it cannot be: a filter, another order or more than one key, ascending, a cursor, <c>last</c>, a ranking
    /// that does not describe the graph now, or too few or too many candidates.
    /// </summary>
    public static EntityQuery? Narrow(EntityQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Filter is not null || query.Order is not [ScoreSort { Descending: true, Scores.Ranked: { } ranking } sort]
            || query.Page.After is not null || query.Page.Before is not null)
        {
            return null;
        }

        var paging = KeysetPaging.Of(query.Page);
        if (!paging.Forward || paging.Limit > MaxCandidates)
        {
            return null;
        }

        var scores = Candidates(ranking, query.Kind, (int)paging.Limit);
        if (scores is null)
        {
            return null;
        }

        return query with
        {
            Filter = new FieldComparison("key", ComparisonOperator.In, scores.Keys.Cast<object?>().ToList()),
            Order = [new ScoreSort(new ScoreTable(sort.Scores.Measure, scores), Descending: true)],
        };
    }

    /// <summary>
    /// Whether a page read with a narrowed query is the store's own: it is when more candidates were found than the page
    /// holds (every entity left out scores below all of them); else a candidate has gone and the whole kind is read.
    /// </summary>
    public static bool IsComplete<T>(Page<T> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.HasNextPage;
    }

    /// <summary>The scores of the entities of <paramref name="kind"/> that can be among the first <paramref name="wanted"/>, or null.</summary>
    private static Dictionary<string, double>? Candidates(Ranking ranking, string kind, int wanted)
    {
        var scores = new Dictionary<string, double>(Math.Min(wanted, 64), StringComparer.Ordinal);
        var lastRounded = double.NaN;
        for (var i = 0; i < ranking.Count; i++)
        {
            var entry = ranking[i];
            if (!double.IsFinite(entry.Score))
            {
                return null;
            }

            var rounded = Ranking.Round(entry.Score);
            if (scores.Count >= wanted && rounded != lastRounded)
            {
                return scores;
            }

            if (entry.Kind == kind)
            {
                if (scores.Count == MaxCandidates)
                {
                    return null;
                }

                scores[entry.Key] = entry.Score;
                lastRounded = rounded;
            }
        }

        // The ranking ends (so does the last tie group); fewer than the page and one more: the kind is small, and the
        // store orders it whole cheaply.
        return scores.Count >= wanted ? scores : null;
    }
}
