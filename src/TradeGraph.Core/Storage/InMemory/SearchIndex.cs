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

    /// <summary>Weight arrays kept for reuse: enough for the searches that run at once on this machine's cores.</summary>
    private static readonly int MaxKeptWeights = Environment.ProcessorCount * 2;

    private readonly Dictionary<string, TermPostings> _postings = new(StringComparer.Ordinal);
    private readonly List<string> _terms = [];
    // By document number (a node holds its own: GraphNode.SearchNumber); a removed one is left empty (Node null).
    private readonly List<SearchDocument> _documents = [];
    private int _count;
    private readonly ConcurrentBag<int[]> _clearedWeights = [];
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
    /// An all-zero array of a weight per document, for <see cref="Match"/>; hand it back with <see cref="Return"/>.
    /// Kept here (not the shared pool) because a search relies on it being zero, and a search clears what it touched.
    /// </summary>
    public int[] RentWeights()
    {
        while (_clearedWeights.TryTake(out var weights))
        {
            if (weights.Length >= Capacity)
            {
                return weights;
            }
        }

        return new int[Capacity + 1024];
    }

    /// <summary>How many cleared weight arrays wait for reuse.</summary>
    public int KeptWeightArrays => _clearedWeights.Count;

    /// <summary>
    /// Takes back an array from <see cref="RentWeights"/>, zeroing the documents <paramref name="touched"/>. Only a few are
    /// kept: on a large graph each is megabytes, and a burst of concurrent searches must not leave one per request held.
    /// </summary>
    public void Return(int[] weights, List<int> touched)
    {
        if (_clearedWeights.Count >= MaxKeptWeights || weights.Length < Capacity)
        {
            return;
        }

        foreach (var number in touched)
        {
            weights[number] = 0;
        }

        _clearedWeights.Add(weights);
    }

    /// <summary>
    /// Indexes a node's entity as it is now (a new number each time: postings stay in number order). A node indexed
    /// before must be taken out first (<see cref="Remove"/>), while it still holds the entity it was indexed with.
    /// </summary>
    public void Put(GraphNode node)
    {
        var number = _documents.Count;
        var (weights, length) = Words(node.Entity);
        foreach (var (term, weight) in weights)
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

            postings.List.Add(new Posting(number, weight));
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

    /// <summary>An entity's distinct words with their column-weighted counts, and its number of words over all columns.</summary>
    private static (Dictionary<string, int> Weights, int Length) Words(Entity entity)
    {
        var weights = new Dictionary<string, int>(StringComparer.Ordinal);
        var length = 0;
        // The aliases' text, one per line, as SQLite's search index reads them (schema 8), not their JSON.
        string[] columns = [entity.Name, string.Join('\n', entity.Aliases), entity.Description ?? ""];
        for (var column = 0; column < columns.Length; column++)
        {
            foreach (var token in Tokens(columns[column]))
            {
                length++;
                weights[token] = weights.GetValueOrDefault(token) + ColumnWeights[column];
            }
        }

        return (weights, length);
    }

    /// <summary>
    /// Adds the column-weighted count of every word starting with <paramref name="prefix"/> to <paramref name="weights"/>
    /// (by document number) and lists each document the first time it gets one in <paramref name="found"/>: FTS5's
    /// prefix phrase <c>"prefix"*</c>, whose hit count is <paramref name="found"/>'s length.
    /// </summary>
    public void Match(string prefix, int[] weights, List<int> found)
    {
        var start = _terms.BinarySearch(prefix, StringComparer.Ordinal);
        for (var i = start < 0 ? ~start : start; i < _terms.Count && _terms[i].StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            foreach (var posting in _postings[_terms[i]].List)
            {
                if (weights[posting.Document] == 0)
                {
                    found.Add(posting.Document);
                }

                weights[posting.Document] += posting.Weight;
            }
        }
    }

    /// <summary>
    /// unicode61's tokens of the text: runs of letters, numbers and private-use characters, folded (case and diacritics)
    /// as the store's search text is.
    /// </summary>
    public static List<string> Tokens(string text) => TextFolding.SplitFolded(TextFolding.Fold(text), rune => IsTokenCharacter(Rune.GetUnicodeCategory(rune)));

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

/// <summary>An entity having a word, and the word's count in it weighted by column.</summary>
internal readonly record struct Posting(int Document, int Weight);

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
