using System.Globalization;
using System.Text;

namespace TradeGraph.Core.Graph;

/// <summary>Folds text for case- and accent-insensitive matching: "Xí JÌNPÍNG" and "xi jinping" fold alike.</summary>
public static class TextFolding
{
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// The words of the text, folded, split on anything that is not a letter or digit: what every store's full-text
    /// search matches, so user syntax never reaches a query language.
    /// </summary>
    public static List<string> Words(string text) =>
        // Per UTF-16 unit, as it always was: a character beyond U+FFFF is a separator here.
        SplitFolded(Fold(text), rune => rune.IsBmp && Rune.IsLetterOrDigit(rune));

    /// <summary>
    /// The words of the texts (<see cref="Words"/>), one space between: the text a full-text index that splits on
    /// whitespace alone must hold so that its tokens are exactly the words a search looks for — the same rule on both
    /// sides, so they cannot drift (no stop words dropped, no letter folded or word split otherwise). Null when no text has a word.
    /// </summary>
    public static string? IndexedWords(IEnumerable<string?> texts) =>
        string.Join(' ', texts.Where(t => t is not null).SelectMany(t => Words(t!))) is { Length: > 0 } joined ? joined : null;

    /// <summary>The runs of <paramref name="folded"/>'s characters that <paramref name="inWord"/> accepts.</summary>
    internal static List<string> SplitFolded(string folded, Func<Rune, bool> inWord) =>
        SplitFoldedLines(folded, inWord).ConvertAll(word => word.Word);

    /// <summary>
    /// <see cref="SplitFolded"/>'s words, each with whether it starts a line: its first character is the text's first or
    /// follows a line break (the search index's name bonus reads this).
    /// </summary>
    internal static List<(string Word, bool StartsALine)> SplitFoldedLines(string folded, Func<Rune, bool> inWord)
    {
        var words = new List<(string, bool)>();
        var current = new StringBuilder();
        var startsALine = false;
        var afterLineBreak = true;
        foreach (var rune in folded.EnumerateRunes())
        {
            if (!inWord(rune))
            {
                if (current.Length > 0)
                {
                    words.Add((current.ToString(), startsALine));
                    current.Clear();
                }
            }
            else
            {
                if (current.Length == 0)
                {
                    startsALine = afterLineBreak;
                }

                if (rune.IsBmp)
                {
                    current.Append((char)rune.Value);
                }
                else
                {
                    current.Append(rune.ToString());
                }
            }

            afterLineBreak = rune.Value == '\n';
        }

        if (current.Length > 0)
        {
            words.Add((current.ToString(), startsALine));
        }

        return words;
    }

    /// <summary>
    /// The distinct words of the text, in first-seen order: what a search looks for. A word repeated adds nothing to
    /// an AND of prefix terms but its cost (every repeat is matched and ranked again), so repeats are dropped.
    /// </summary>
    public static List<string> DistinctWords(string text) => [.. Words(text).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// The folded name and aliases, each between newlines: what ranked search matches the whole text against (a name or
    /// alias equal to it, or starting with it, ranks first).
    /// </summary>
    public static string SearchLines(string name, IEnumerable<string> aliases) =>
        "\n" + string.Join("\n", aliases.Prepend(name).Select(Fold)) + "\n";
}
