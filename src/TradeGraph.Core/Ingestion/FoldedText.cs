using System.Globalization;
using System.Text;

namespace TradeGraph.Core.Ingestion;

/// <summary>
/// A text folded for name matching, built rune by rune so every folded character knows the original range it came from.
/// Accents are dropped as <see cref="Graph.TextFolding.Fold"/> does; every run of whitespace becomes one space, every
/// hyphen or dash one '-', every apostrophe one '\''. <see cref="Lower"/> is also lowercased; <see cref="Cased"/> keeps
/// case; both have the same length and the same map.
/// </summary>
internal sealed class FoldedText
{
    private readonly int[] _starts;
    private readonly int[] _ends;
    private readonly bool[] _word;

    private FoldedText(string lower, string cased, int[] starts, int[] ends, bool[] word)
    {
        Lower = lower;
        Cased = cased;
        _starts = starts;
        _ends = ends;
        _word = word;
    }

    public string Lower { get; }

    public string Cased { get; }

    public int Length => Lower.Length;

    /// <summary>Whether the folded character is part of a word (a letter, digit or combining mark).</summary>
    public bool IsWord(int index) => _word[index];

    /// <summary>The original offset of the folded character at <paramref name="index"/>.</summary>
    public int OriginalStart(int index) => _starts[index];

    /// <summary>The original offset just past the folded characters that end at <paramref name="endExclusive"/>.</summary>
    public int OriginalEnd(int endExclusive) => _ends[endExclusive - 1];

    /// <summary>End of the token starting at <paramref name="index"/>: a run of word characters, or one other character.</summary>
    public int TokenEnd(int index)
    {
        if (!_word[index])
        {
            return index + 1;
        }

        var end = index + 1;
        while (end < Length && _word[end])
        {
            end++;
        }

        return end;
    }

    public static FoldedText Fold(string text)
    {
        var lower = new StringBuilder(text.Length);
        var cased = new StringBuilder(text.Length);
        var starts = new List<int>(text.Length);
        var ends = new List<int>(text.Length);
        var word = new List<bool>(text.Length);
        var lastWasSpace = false;

        for (var i = 0; i < text.Length;)
        {
            // A lone surrogate decodes as U+FFFD consuming one char, so the map stays exact.
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed);
            var end = i + consumed;

            if (Rune.IsWhiteSpace(rune))
            {
                if (lastWasSpace)
                {
                    ends[^1] = end;
                }
                else
                {
                    Append(' ', ' ', isWord: false);
                    lastWasSpace = true;
                }
            }
            else if (IsDash(rune))
            {
                Append('-', '-', isWord: false);
            }
            else if (IsApostrophe(rune))
            {
                Append('\'', '\'', isWord: false);
            }
            else if (rune.IsAscii)
            {
                var c = (char)rune.Value;
                Append(c, char.ToLowerInvariant(c), char.IsAsciiLetterOrDigit(c));
            }
            else
            {
                var folded = WithoutAccents(rune);
                if (folded.Length == 0)
                {
                    // A lone combining mark belongs to the character before it, so a match ending there covers it.
                    if (ends.Count > 0)
                    {
                        ends[^1] = end;
                    }
                }
                else
                {
                    var foldedLower = folded.ToLowerInvariant();
                    var isWord = IsWordRune(rune);
                    for (var j = 0; j < folded.Length; j++)
                    {
                        // ToLowerInvariant maps char by char; the guard only keeps the two strings aligned regardless.
                        Append(folded[j], foldedLower.Length == folded.Length ? foldedLower[j] : folded[j], isWord);
                    }
                }
            }

            i = end;

            void Append(char casedChar, char lowerChar, bool isWord)
            {
                cased.Append(casedChar);
                lower.Append(lowerChar);
                starts.Add(i);
                ends.Add(end);
                word.Add(isWord);
                lastWasSpace = false;
            }
        }

        return new FoldedText(lower.ToString(), cased.ToString(), [.. starts], [.. ends], [.. word]);
    }

    public static bool IsDash(Rune rune) => rune.Value is '-' or (>= 0x2010 and <= 0x2015) or 0x2212;

    public static bool IsApostrophe(Rune rune) => rune.Value is '\'' or 0x2019 or 0x02BC;

    private static string WithoutAccents(Rune rune)
    {
        var decomposed = rune.ToString().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        // Recomposes what FormD split without marks (Hangul syllables), as TextFolding.Fold does.
        return builder.Length > 1 ? builder.ToString().Normalize(NormalizationForm.FormC) : builder.ToString();
    }

    private static bool IsWordRune(Rune rune) =>
        Rune.IsLetterOrDigit(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
}
