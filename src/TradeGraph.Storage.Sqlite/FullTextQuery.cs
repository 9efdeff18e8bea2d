namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// Builds FTS5 MATCH expressions from user text. Each word becomes a quoted prefix term ("word"*), so user input can
/// never be read as FTS5 syntax; fuzzy alternatives are joined with OR.
/// </summary>
internal static class FullTextQuery
{
    /// <summary>All words must match: each as a prefix, or (fuzzy) as one of its near spellings.</summary>
    public static string Match(IReadOnlyList<IReadOnlyList<string>> alternativesPerWord) =>
        string.Join(" AND ", alternativesPerWord.Select(alternatives =>
            "(" + string.Join(" OR ", alternatives.Select(a => "\"" + a.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"*")) + ")"));

    /// <summary>Any word may match, each as a prefix (passages: a question shares some words with its answer, rarely all).</summary>
    public static string AnyWord(IReadOnlyList<string> words) =>
        string.Join(" OR ", words.Select(w => "\"" + w.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"*"));

    /// <summary>Levenshtein distance, stopping early once it exceeds <paramref name="limit"/>.</summary>
    public static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var best = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                best = Math.Min(best, current[j]);
            }

            if (best > limit)
            {
                return limit + 1;
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
