using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Storage.InMemory;

/// <summary>
/// The words of every entity's name, aliases and description, as the SQLite store's FTS5 table holds them (tokenizer
/// <c>unicode61 remove_diacritics 2</c> over the name, the aliases as their stored JSON text, and the description), with
/// what its <c>bm25</c> needs: per word the entities having it and their column-weighted count, per entity its number
/// of words, and the totals. Every entity is indexed, Sources too: they count in BM25's statistics as rows of the
/// table do. Not thread-safe: the read model's lock guards it.
/// </summary>
internal sealed class SearchIndex
{
    /// <summary>The column weights the store passes to bm25: name, aliases, description.</summary>
    private static readonly int[] ColumnWeights = [10, 6, 1];

    /// <summary>Scratch kept for reuse: enough for the searches that run at once on this machine's cores.</summary>
    private static readonly int MaxKeptScratch = Environment.ProcessorCount * 2;

    /// <summary>
    /// A kept scratch's document list is replaced by a new one beyond this many entries (256 KB): a rare huge search must
    /// not leave its list held, while a common word's tens of thousands of hits reuse one instead of growing one each time.
    /// </summary>
    private const int MaxKeptDocuments = 1 << 16;

    private readonly Dictionary<string, TermPostings> _postings = new(StringComparer.Ordinal);
    private readonly List<string> _terms = [];
    // By document number (a node holds its own: GraphNode.SearchNumber); a removed one is left empty (Node null).
    private readonly List<SearchDocument> _documents = [];
    private int _count;
    private readonly ConcurrentBag<SearchScratch> _clearedScratch = [];
    private long _tokens;
    private bool _building;

    /// <summary>The index of the given entities (new words sorted in once at the end, not one by one).</summary>
    public static SearchIndex Of(IEnumerable<GraphNode> nodes)
    {
        var index = new SearchIndex { _building = true };
        foreach (var node in nodes)
        {
            index.Put(node);
        }

        index._terms.Sort(StringComparer.Ordinal);
        foreach (var postings in index._postings.Values)
        {
            // Grown by doubling while building: up to half of each list would be slack for as long as the model lives.
            postings.List.TrimExcess();
        }

        index._documents.TrimExcess();

        index._building = false;
        return index;
    }

    /// <summary>The number of indexed entities (FTS5's row count).</summary>
    public int Count => _count;

    /// <summary>The average number of words per entity over all columns (FTS5's avgdl).</summary>
    public double AverageLength => (double)_tokens / Count;

    /// <summary>The highest document number given so far, plus one: the size of a per-document array.</summary>
    public int Capacity => _documents.Count;

    public SearchDocument Document(int number) => _documents[number];

    /// <summary>
    /// An all-zero array of a value per document and an empty document list, for <see cref="Match"/>; hand it back with
    /// <see cref="Return"/>. Kept here (not the shared pool) because a
    /// search relies on the array being zero, and a search clears what it touched.
    /// </summary>
    public SearchScratch Rent()
    {
        while (_clearedScratch.TryTake(out var scratch))
        {
            if (scratch.Values.Length >= Capacity)
            {
                return scratch;
            }
        }

        return new SearchScratch(new int[Capacity + 1024]);
    }

    /// <summary>How many cleared scratches wait for reuse.</summary>
    public int KeptScratch => _clearedScratch.Count;

    /// <summary>
    /// Takes back a scratch from <see cref="Rent"/>, zeroing the documents it lists. Only a few are kept: on a large
    /// graph each is megabytes, and a burst of concurrent searches must not leave one per request held.
    /// </summary>
    public void Return(SearchScratch scratch)
    {
        if (_clearedScratch.Count >= MaxKeptScratch || scratch.Values.Length < Capacity)
        {
            return;
        }

        var values = scratch.Values;
        foreach (var number in scratch.Documents)
        {
            values[number] = 0;
        }

        if (scratch.Documents.Capacity > MaxKeptDocuments)
        {
            // The array is kept, a huge list is not.
            _clearedScratch.Add(new SearchScratch(values));
            return;
        }

        scratch.Documents.Clear();
        _clearedScratch.Add(scratch);
    }

    /// <summary>
    /// Indexes a node's entity as it is now (a new number each time: postings stay in number order). A node indexed
    /// before must be taken out first (<see cref="Remove"/>), while it still holds the entity it was indexed with.
    /// </summary>
    public void Put(GraphNode node)
    {
        var number = _documents.Count;
        var (weights, length) = Words(node.Entity);
        foreach (var (term, count) in weights)
        {
            if (!_postings.TryGetValue(term, out var postings))
            {
                _postings[term] = postings = new TermPostings();
                if (_building)
                {
                    _terms.Add(term);
                }
                else
                {
                    _terms.Insert(~_terms.BinarySearch(term, StringComparer.Ordinal), term);
                }
            }

            postings.List.Add(new Posting(number, count.Weight, count.StartsALine));
        }

        _documents.Add(new SearchDocument(node, length));
        node.SearchNumber = number;
        _count++;
        _tokens += length;
    }

    /// <summary>
    /// Takes a node out, while it still holds the entity it was indexed with: its words are found again from that text
    /// (the same tokens, so the same postings), instead of a list of them kept per entity (issue 13: 16 MB at 1M).
    /// </summary>
    public void Remove(GraphNode node)
    {
        var number = node.SearchNumber;
        if (number < 0 || number >= _documents.Count || !ReferenceEquals(_documents[number].Node, node))
        {
            return;
        }

        foreach (var term in Words(node.Entity).Weights.Keys)
        {
            var postings = _postings[term];
            postings.List.RemoveAt(BinarySearch(postings.List, number));
            if (postings.List.Count == 0)
            {
                _postings.Remove(term);
                _terms.RemoveAt(_terms.BinarySearch(term, StringComparer.Ordinal));
            }
        }

        _tokens -= _documents[number].Length;
        _documents[number] = default;
        node.SearchNumber = -1;
        _count--;
    }

    /// <summary>
    /// An entity's distinct words with their column-weighted counts and whether one starts a line of the name or an alias
    /// (<see cref="MarkLineStarts"/>), and its number of words over all columns.
    /// </summary>
    private static (Dictionary<string, TermCount> Weights, int Length) Words(Entity entity)
    {
        var weights = new Dictionary<string, TermCount>(StringComparer.Ordinal);
        var length = 0;
        // The aliases' text, one per line, as SQLite's search index reads them (schema 8), not their JSON.
        string[] columns = [entity.Name, string.Join('\n', entity.Aliases), entity.Description ?? ""];
        for (var column = 0; column < columns.Length; column++)
        {
            foreach (var (token, startsALine) in LineTokens(columns[column]))
            {
                length++;
                var count = weights.GetValueOrDefault(token);
                // The description is not a search line: only names and aliases earn the bonus.
                weights[token] = new TermCount(count.Weight + ColumnWeights[column], count.StartsALine || (startsALine && column < 2));
            }
        }

        return (weights, length);
    }

    /// <summary>
    /// Adds the column-weighted count of every word starting with <paramref name="prefix"/> to the scratch's values (by
    /// document number) and lists each document the first time it gets one in its documents: FTS5's prefix phrase
    /// <c>"prefix"*</c>, whose hit count is the documents' count.
    /// </summary>
    public void Match(string prefix, SearchScratch found)
    {
        var weights = found.Values;
        var start = _terms.BinarySearch(prefix, StringComparer.Ordinal);
        for (var i = start < 0 ? ~start : start; i < _terms.Count && _terms[i].StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            foreach (var posting in _postings[_terms[i]].List)
            {
                if (weights[posting.Document] == 0)
                {
                    found.Documents.Add(posting.Document);
                }

                weights[posting.Document] += posting.Weight;
            }
        }
    }

    /// <summary>
    /// Sets the sign bit of <paramref name="hits"/>' value for every hit (a document with a value other than zero) in which
    /// a word starting with <paramref name="head"/> — or, when <paramref name="exact"/>, the word <paramref name="head"/>
    /// itself — is the first word of a line of its name or aliases: the documents whose search lines can start with a text
    /// that begins with that word (<see cref="SearchRanking"/>'s name bonus), found from the postings without folding any
    /// name. Marked in the hits' own values (a count never reaches the sign bit) so no second array is rented and cleared.
    /// </summary>
    public void MarkLineStarts(string head, bool exact, int[] hits)
    {
        if (exact)
        {
            if (_postings.TryGetValue(head, out var postings))
            {
                MarkLineStartsOf(postings, hits);
            }

            return;
        }

        var start = _terms.BinarySearch(head, StringComparer.Ordinal);
        for (var i = start < 0 ? ~start : start; i < _terms.Count && _terms[i].StartsWith(head, StringComparison.Ordinal); i++)
        {
            MarkLineStartsOf(_postings[_terms[i]], hits);
        }
    }

    private static void MarkLineStartsOf(TermPostings postings, int[] hits)
    {
        foreach (var posting in postings.List)
        {
            if (posting.StartsALine && hits[posting.Document] != 0)
            {
                hits[posting.Document] |= int.MinValue;
            }
        }
    }

    /// <summary>
    /// unicode61's tokens of the text: runs of letters, numbers and private-use characters, folded (case and diacritics)
    /// as the store's search text is.
    /// </summary>
    public static List<string> Tokens(string text) => LineTokens(text).ConvertAll(t => t.Token);

    /// <summary>
    /// <see cref="Tokens"/> (the same split of the folded text), each with whether it starts a line: its first character
    /// is the text's first or follows a line break.
    /// </summary>
    public static List<(string Token, bool StartsALine)> LineTokens(string text) => TextFolding.SplitFoldedLines(TextFolding.Fold(text), IsTokenRune);

    /// <summary>
    /// The first word of a folded search text, when the text starts with one (the characters <see cref="Tokens"/> keeps
    /// in a word), and whether the text goes on after it (then a word is that word only where it is followed by what
    /// follows it in the text, not a longer one). Null when the text starts otherwise.
    /// </summary>
    public static (string Word, bool Exact)? LeadingWord(string folded)
    {
        var length = 0;
        foreach (var rune in folded.EnumerateRunes())
        {
            if (!IsTokenRune(rune))
            {
                break;
            }

            length += rune.Utf16SequenceLength;
        }

        // A lone surrogate after the word reads as a separator here and could pair with the next character in a
        // name, making a longer word there: then any word starting with it is looked at.
        return length == 0 ? null : (folded[..length], length < folded.Length && !char.IsSurrogate(folded[length]));
    }

    private static bool IsTokenRune(Rune rune) => IsTokenCharacter(Rune.GetUnicodeCategory(rune));

    private static bool IsTokenCharacter(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => true,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        UnicodeCategory.PrivateUse => true,
        _ => false,
    };

    private static int BinarySearch(List<Posting> list, int document)
    {
        int low = 0, high = list.Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            if (list[middle].Document == document)
            {
                return middle;
            }

            if (list[middle].Document < document)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        throw new InvalidOperationException($"Document {document} is not in the postings it was indexed under.");
    }

}

/// <summary>
/// An entity having a word: the word's count in it weighted by column, and whether the word is the first of a line of
/// the entity's name or aliases (in the weight's sign bit: postings are most of the index's memory).
/// </summary>
internal readonly struct Posting(int document, int weight, bool startsALine)
{
    private readonly int _weightAndLineStart = startsALine ? weight | int.MinValue : weight;

    public int Document { get; } = document;

    public int Weight => _weightAndLineStart & int.MaxValue;

    public bool StartsALine => _weightAndLineStart < 0;
}

/// <summary>A word's column-weighted count in an entity, and whether it is the first of a line of the name or aliases.</summary>
internal readonly record struct TermCount(int Weight, bool StartsALine);

/// <summary>
/// A value per document, all zero when rented, and the documents given one (so a search clears only those): kept by
/// <see cref="SearchIndex"/> for reuse, as a common word's search touches tens of thousands.
/// </summary>
internal sealed class SearchScratch(int[] values)
{
    public int[] Values { get; } = values;

    public List<int> Documents { get; } = [];
}

/// <summary>The entities having a word, in document number order.</summary>
internal sealed class TermPostings
{
    public List<Posting> List { get; } = [];
}

/// <summary>An indexed entity: its node and its number of words (over all columns).</summary>
internal readonly record struct SearchDocument(GraphNode Node, int Length)
{
    /// <summary>
    /// The entity's folded name and aliases, one per line (the store's search lines), made when a hit's bonus is read:
    /// the node holds the entity it was indexed with (a put takes it out and indexes it again), and keeping them per
    /// entity cost ≈ 19 MB at 1M for the few hits per search that read them (issue 13).
    /// </summary>
    public string Lines => TextFolding.SearchLines(Node.Entity.Name, Node.Entity.Aliases);
}
