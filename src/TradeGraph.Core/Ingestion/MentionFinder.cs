using System.Globalization;
using System.Text;

namespace TradeGraph.Core.Ingestion;

/// <summary>
/// Finds the names of known entities in article paragraphs. Built once from the targets into a trie of folded name
/// tokens, so <see cref="Find"/> walks the text once and, at each word, only as many trie steps as the longest name
/// there is long: roughly linear in the text, whatever the number of targets. Immutable, so one instance may serve
/// concurrent calls.
/// </summary>
/// <remarks>
/// Matching rules: whole words only (no match inside "USA", "bus", "Xiamen" or "Xi'an"); case and accents ignored,
/// except for short all-capital names (see <see cref="IsShortCapitals"/>); any run of whitespace in the text matches a
/// space in a name; hyphens and dashes are equivalent, as are straight and curly apostrophes; other punctuation (the
/// periods of "U.S.") must match literally; the longest name wins at a position and matches never overlap; a
/// possessive "'s" after a name is allowed and left out of the mention; a name of several entities is reported, not linked.
/// </remarks>
public sealed class MentionFinder
{
    private const int ShortCapitalsMaxLetters = 5;

    private readonly Node _root = new();

    /// <summary>Indexes every name of every target. Keys must be unique; empty names are ignored.</summary>
    /// <exception cref="ArgumentException">Two targets share a key.</exception>
    public MentionFinder(IEnumerable<MentionTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            ArgumentNullException.ThrowIfNull(target, nameof(targets));
            if (!keys.Add(target.Key))
            {
                throw new ArgumentException($"Two mention targets have the key '{target.Key}'.", nameof(targets));
            }

            foreach (var name in target.Names ?? [])
            {
                var trimmed = name?.Trim() ?? "";
                if (trimmed.Length > 0)
                {
                    Add(trimmed, target);
                }
            }
        }
    }

    /// <summary>The mentions of the targets in <paramref name="paragraphs"/>, and the names it would not link.</summary>
    public MentionResult Find(IReadOnlyList<Paragraph> paragraphs)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);

        var mentions = new List<Mention>();
        var ambiguous = new List<AmbiguousMention>();
        foreach (var paragraph in paragraphs)
        {
            FindIn(paragraph, mentions, ambiguous);
        }

        return new MentionResult(mentions, ambiguous);
    }

    /// <summary>
    /// Whether a name is an abbreviation written in capitals ("US", "U.S.", "EU", "APEC"): at most five letters, all
    /// upper case. Such names match case-sensitively (accents still folded), because folding case would make the alias
    /// "US" match the pronoun "us", "IT" the pronoun "it", and "WHO" every question.
    /// </summary>
    internal static bool IsShortCapitals(string name)
    {
        var letters = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            if (!Rune.IsLetter(rune))
            {
                continue;
            }

            if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.UppercaseLetter || ++letters > ShortCapitalsMaxLetters)
            {
                return false;
            }
        }

        return letters > 0;
    }

    private void Add(string name, MentionTarget target)
    {
        var folded = FoldedText.Fold(name);
        if (folded.Length == 0)
        {
            // Nothing but combining marks: nothing a text could match.
            return;
        }

        var node = _root;
        for (var position = 0; position < folded.Length;)
        {
            var tokenEnd = folded.TokenEnd(position);
            node = node.GetOrAddChild(folded.Lower[position..tokenEnd]);
            position = tokenEnd;
        }

        // The trie is walked in lower case; a case-sensitive name is checked against the cased text where it ends.
        var caseSensitive = IsShortCapitals(name);
        var cased = caseSensitive ? folded.Cased : null;
        var pattern = node.Names.Find(n => n.Cased == cased);
        if (pattern is null)
        {
            node.Names.Add(pattern = new NamePattern(cased, []));
        }

        // "Washington" and "WASHINGTON" fold alike: one entity naming itself twice is not ambiguous.
        if (!pattern.Targets.Exists(t => t.Key == target.Key))
        {
            pattern.Targets.Add(target);
        }
    }

    private void FindIn(Paragraph paragraph, List<Mention> mentions, List<AmbiguousMention> ambiguous)
    {
        var text = FoldedText.Fold(paragraph.Text);
        var winners = new List<MentionTarget>();
        var position = 0;
        while (position < text.Length)
        {
            var length = CanStartAt(text, position) ? LongestMatch(text, position, winners) : 0;
            if (length == 0)
            {
                position = text.TokenEnd(position);
                continue;
            }

            var start = text.OriginalStart(position);
            var end = text.OriginalEnd(position + length);
            var surface = paragraph.Text[start..end];
            if (winners.Count == 1)
            {
                mentions.Add(new Mention(winners[0].Key, winners[0].Kind, paragraph.Index, start, end, surface));
            }
            else
            {
                ambiguous.Add(new AmbiguousMention(surface, [.. winners.Select(t => t.Key).Order(StringComparer.Ordinal)], paragraph.Index, start, end));
            }

            // Matches never overlap: an ambiguous name is skipped as a whole too.
            position += length;
        }
    }

    /// <summary>
    /// Walks the trie token by token from <paramref name="position"/>; returns the folded length of the longest name
    /// that matches there (0 if none) and puts the entities bearing it in <paramref name="winners"/>.
    /// </summary>
    private int LongestMatch(FoldedText text, int position, List<MentionTarget> winners)
    {
        winners.Clear();
        var best = 0;
        var node = _root;
        var end = position;
        while (end < text.Length)
        {
            var tokenEnd = text.TokenEnd(end);
            if (!node.TryGetChild(text.Lower.AsSpan(end, tokenEnd - end), out node))
            {
                break;
            }

            end = tokenEnd;
            if (node.Names.Count == 0 || !CanEndAt(text, end))
            {
                continue;
            }

            var found = false;
            foreach (var pattern in node.Names)
            {
                if (pattern.Cased is null || text.Cased.AsSpan(position, end - position).SequenceEqual(pattern.Cased))
                {
                    if (!found)
                    {
                        // A longer name replaces what shorter ones found.
                        winners.Clear();
                        found = true;
                    }

                    winners.AddRange(pattern.Targets.Where(t => !winners.Exists(w => w.Key == t.Key)));
                }
            }

            if (found)
            {
                best = end - position;
            }
        }

        return best;
    }

    /// <summary>A name starts a word: not after a letter or digit, nor after an apostrophe inside a word ("O'Brien").</summary>
    private static bool CanStartAt(FoldedText text, int position) =>
        text.Lower[position] != ' '
        && !(position > 0 && text.IsWord(position - 1))
        && !(position > 1 && text.Lower[position - 1] == '\'' && text.IsWord(position - 2));

    /// <summary>A name ends a word: not before a letter or digit; an apostrophe after it only as a possessive "'s".</summary>
    private static bool CanEndAt(FoldedText text, int end)
    {
        if (end == text.Length)
        {
            return true;
        }

        if (text.IsWord(end))
        {
            return false;
        }

        // "Xi's" is Xi; "Xi'an" is a city.
        if (text.Lower[end] == '\'' && end + 1 < text.Length && text.IsWord(end + 1))
        {
            return text.Lower[end + 1] == 's' && (end + 2 == text.Length || !text.IsWord(end + 2));
        }

        return true;
    }

    /// <summary>
    /// The names ending at a trie node: <see cref="Cased"/> is null for a case-insensitive name, else the accent-folded
    /// name to compare case-sensitively. More than one target: the name is ambiguous.
    /// </summary>
    private sealed record NamePattern(string? Cased, List<MentionTarget> Targets);

    /// <summary>A trie node: one folded token (a word, one space, or one punctuation character) further.</summary>
    private sealed class Node
    {
        private Dictionary<string, Node>? _children;
        private Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public List<NamePattern> Names { get; } = [];

        public Node GetOrAddChild(string token)
        {
            if (_children is null)
            {
                _children = new Dictionary<string, Node>(StringComparer.Ordinal);
                _lookup = _children.GetAlternateLookup<ReadOnlySpan<char>>();
            }

            if (!_children.TryGetValue(token, out var child))
            {
                _children[token] = child = new Node();
            }

            return child;
        }

        public bool TryGetChild(ReadOnlySpan<char> token, out Node child)
        {
            child = null!;
            return _children is not null && _lookup.TryGetValue(token, out child!);
        }
    }
}
