using System.Text;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;

namespace TradeGraph.Core.Storage.InMemory;

/// <summary>
/// Ranked search (without near spellings) over a <see cref="SearchIndex"/>, scored and ordered exactly as the SQLite
/// store's FTS5 query does: every word a prefix phrase, all required; FTS5's <c>bm25</c> with column weights 10/6/1
/// (per phrase IDF <c>log((N − hits + ½) / (hits + ½))</c>, at least 10⁻⁶; k1 1.2, b 0.75; the entity's length over all
/// columns), summed over phrases in query order; plus 2 when a name or alias is the whole text, 1 when one starts with
/// it; rounded to 6 places; best first, then by key (UTF-8 order); keyset cursors on (score, key).
/// </summary>
internal static class SearchRanking
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    public static Page<SearchHit> Search(SearchIndex index, SearchQuery query, IReadOnlySet<string> kinds)
    {
        var words = query.Words;
        if (words.Count == 0)
        {
            return Page<SearchHit>.Empty;
        }

        var paging = KeysetPaging.Of(query.Page, SearchQuery.DefaultPageSize);
        var window = SearchWindow.Of(query.Page);
        var found = new SearchScratch[words.Count];
        try
        {
            var weights = new int[words.Count][];
            var idf = new double[words.Count];
            for (var i = 0; i < words.Count; i++)
            {
                found[i] = index.Rent();
                weights[i] = found[i].Values;
                index.Match(words[i], found[i]);
                var hits = found[i].Documents.Count;
                var value = Math.Log((index.Count - hits + 0.5) / (hits + 0.5));
                idf[i] = value <= 0.0 ? 1e-6 : value;
            }

            var phrase = TextFolding.Fold(query.Text).Trim();
            var (line, lineStart) = ("\n" + phrase + "\n", "\n" + phrase);
            // The hits that can have a bonus, marked in the first word's weights (its sign bit) from the index: a common
            // word has tens of thousands of hits and only a few of them a name starting with it. Every hit can when the
            // text has a line break or starts with no word.
            var marked = false;
            if (!phrase.Contains('\n', StringComparison.Ordinal) && SearchIndex.LeadingWord(phrase) is { } leading)
            {
                index.MarkLineStarts(leading.Word, leading.Exact, weights[0]);
                marked = true;
            }

            var best = new BestHits(paging);
            var averageLength = index.AverageLength;
            // Every phrase is required: walk the one with the fewest hits.
            foreach (var number in found.MinBy(f => f.Documents.Count)!.Documents)
            {
                if (!InEveryPhrase(weights, number))
                {
                    continue;
                }

                var document = index.Document(number);
                var bm25 = 0.0;
                for (var i = 0; i < words.Count; i++)
                {
                    double frequency = weights[i][number] & int.MaxValue;
                    bm25 += idf[i] * (frequency * (K1 + 1.0) / (frequency + (K1 * (1 - B + (B * document.Length / averageLength)))));
                }

                // The name bonus needs a look at the text: skipped when even +2 could not enter the page, and when no
                // line of the names starts with the text's first word (then it is 0: the bm25 alone decides).
                var bonusPossible = !marked || weights[0][number] < 0;
                if (paging.Forward && best.Excludes(bonusPossible ? bm25 + 2.0 : bm25))
                {
                    continue;
                }

                if (!kinds.Contains(document.Node.Entity.Kind))
                {
                    continue;
                }

                var score = Round6(bonusPossible ? bm25 + Bonus(document, phrase, line, lineStart) : bm25);
                if (window.Contains(score, document.Node.Key, StoredValues.CompareText))
                {
                    best.Offer(score, document.Node);
                }
            }

            var read = best.InReadingOrder().ConvertAll(h => new PageItem<SearchHit>(
                new SearchHit(query.Parts.Project(h.Node.Entity), h.Score), SearchCursor.Encode(h.Score, h.Node.Key)));
            // As the stores: rows before the page's start are assumed when it starts from a cursor (Hot Chocolate's keyset rule).
            return paging.ToPage(read, beyondStart: paging.StartCursor(query.Page) is not null);
        }
        finally
        {
            foreach (var scratch in found)
            {
                if (scratch is not null)
                {
                    index.Return(scratch);
                }
            }
        }
    }

    private static bool InEveryPhrase(int[][] weights, int number)
    {
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i][number] == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// +2 when a name or alias is the text, +1 when one starts with it (the store's <c>instr</c> over its search lines).
    /// Read per name without making the folded lines when neither holds a line break (then a line match is a name match):
    /// a common word's search reads the bonus of thousands of hits, and folding each one's names cost 100 KB and a third
    /// of the search's CPU at 1M (issue 13).
    /// </summary>
    private static double Bonus(SearchDocument document, string phrase, string line, string lineStart)
    {
        var entity = document.Node.Entity;
        if (phrase.Contains('\n', StringComparison.Ordinal) || HasLineBreak(entity.Name) || entity.Aliases.Any(HasLineBreak))
        {
            var lines = document.Lines;
            if (lines.Contains(line, StringComparison.Ordinal))
            {
                return 2.0;
            }

            return lines.Contains(lineStart, StringComparison.Ordinal) ? 1.0 : 0.0;
        }

        var bonus = NameBonus(entity.Name, phrase);
        foreach (var alias in entity.Aliases)
        {
            if (bonus == 2.0)
            {
                break;
            }

            bonus = Math.Max(bonus, NameBonus(alias, phrase));
        }

        return bonus;
    }

    private static bool HasLineBreak(string text) => text.Contains('\n', StringComparison.Ordinal);

    /// <summary>+2 when the folded <paramref name="name"/> is <paramref name="phrase"/>, +1 when it starts with it.</summary>
    private static double NameBonus(string name, string phrase)
    {
        if (!Ascii.IsValid(name))
        {
            var folded = TextFolding.Fold(name);
            return folded.Equals(phrase, StringComparison.Ordinal) ? 2.0 : folded.StartsWith(phrase, StringComparison.Ordinal) ? 1.0 : 0.0;
        }

        // Folding ASCII text is lowering its letters: compared in place, nothing made.
        if (name.Length < phrase.Length)
        {
            return 0.0;
        }

        for (var i = 0; i < phrase.Length; i++)
        {
            var c = name[i];
            if ((char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c) != phrase[i])
            {
                return 0.0;
            }
        }

        return name.Length == phrase.Length ? 2.0 : 1.0;
    }

    /// <summary>SQLite's <c>round(x, 6)</c>: half away from zero at the sixth decimal.</summary>
    private static double Round6(double value) => Math.Round(value, 6, MidpointRounding.AwayFromZero);

    /// <summary>
    /// The first hits offered in reading order, as many as a page reads (<see cref="KeysetPaging.Limit"/>): going forward
    /// the best (score descending, then key ascending), going back the worst.
    /// </summary>
    private sealed class BestHits
    {
        private readonly long _capacity;
        private readonly Comparison<(double Score, GraphNode Node)> _reading;
        private readonly PriorityQueue<(double Score, GraphNode Node), (double Score, GraphNode Node)> _lastFirst;

        public BestHits(KeysetPaging paging)
        {
            _capacity = paging.Limit;
            _reading = paging.Forward ? Compare : (a, b) => Compare(b, a);
            _lastFirst = new(Comparer<(double Score, GraphNode Node)>.Create((a, b) => _reading(b, a)));
        }

        /// <summary>Going forward: whether a hit scoring at most <paramref name="ceiling"/> (before rounding) could not enter.</summary>
        public bool Excludes(double ceiling) =>
            _lastFirst.Count >= _capacity && ceiling + 1e-6 < _lastFirst.Peek().Score;

        public void Offer(double score, GraphNode node)
        {
            var hit = (score, node);
            if (_lastFirst.Count < _capacity)
            {
                _lastFirst.Enqueue(hit, hit);
            }
            else if (_reading(hit, _lastFirst.Peek()) < 0)
            {
                _lastFirst.DequeueEnqueue(hit, hit);
            }
        }

        public List<(double Score, GraphNode Node)> InReadingOrder()
        {
            var hits = _lastFirst.UnorderedItems.Select(i => i.Element).ToList();
            hits.Sort(_reading);
            return hits;
        }

        /// <summary>Negative when <paramref name="a"/> ranks before <paramref name="b"/>.</summary>
        private static int Compare((double Score, GraphNode Node) a, (double Score, GraphNode Node) b) =>
            a.Score != b.Score ? b.Score.CompareTo(a.Score) : StoredValues.CompareText(a.Node.Key, b.Node.Key);
    }
}
