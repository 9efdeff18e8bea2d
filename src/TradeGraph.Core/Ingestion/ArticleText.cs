using System.Security.Cryptography;
using System.Text;

namespace TradeGraph.Core.Ingestion;

/// <summary>
/// The text of a pasted article: one normal form (so offsets and hashes do not depend on how it was pasted),
/// its paragraphs, and a content hash to recognise the same article pasted again.
/// </summary>
public static class ArticleText
{
    /// <summary>
    /// NFC; every line ending (CRLF, CR, and the Unicode ones) becomes "\n"; trailing whitespace of each line removed;
    /// leading and trailing whitespace of the whole removed. Idempotent.
    /// </summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // string.Normalize throws on a lone surrogate; UTF-8 would turn it into U+FFFD anyway, so do that first.
        var composed = ReplaceLoneSurrogates(text).Normalize(NormalizationForm.FormC);

        // ReplaceLineEndings also covers U+2028/U+2029/NEL, which text copied from word processors and web pages carries.
        var lines = composed.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = lines[i].TrimEnd();
        }

        return string.Join('\n', lines).Trim();
    }

    /// <summary>
    /// The paragraphs of a text produced by <see cref="Normalize"/>. Paragraphs are separated by one or more blank lines
    /// (a paragraph may then span several lines); a text without blank lines has one paragraph per non-empty line.
    /// Leading and trailing whitespace is not part of a paragraph; <see cref="Paragraph.Start"/> points at its first character.
    /// </summary>
    public static IReadOnlyList<Paragraph> SplitParagraphs(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);

        var lines = Lines(normalizedText);
        var hasBlankLine = false;
        var seenText = false;
        foreach (var (start, end) in lines)
        {
            var blank = IsBlank(normalizedText, start, end);
            hasBlankLine |= blank && seenText;
            seenText |= !blank;
        }

        var paragraphs = new List<Paragraph>();
        var blockStart = -1;
        var blockEnd = -1;
        foreach (var (start, end) in lines)
        {
            if (IsBlank(normalizedText, start, end))
            {
                Flush();
                continue;
            }

            if (blockStart < 0)
            {
                blockStart = start;
            }

            blockEnd = end;

            // Without blank lines the text was pasted one paragraph per line (as many news feeds do).
            if (!hasBlankLine)
            {
                Flush();
            }
        }

        Flush();
        return paragraphs;

        void Flush()
        {
            if (blockStart < 0)
            {
                return;
            }

            var start = blockStart;
            var end = blockEnd;
            while (start < end && char.IsWhiteSpace(normalizedText[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace(normalizedText[end - 1]))
            {
                end--;
            }

            paragraphs.Add(new Paragraph(paragraphs.Count, start, normalizedText[start..end]));
            blockStart = -1;
        }
    }

    /// <summary>
    /// The paragraphs of an article as its citations count them: the headline is ¶0 and the text's paragraphs follow from
    /// ¶1, as the seed numbers its source (the headline ¶0, the dateline paragraph ¶1). The headline's
    /// <see cref="Paragraph.Start"/> is 0 (it is not part of the text); the others keep their offsets in the text.
    /// </summary>
    public static IReadOnlyList<Paragraph> ArticleParagraphs(string headline, string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(headline);
        return [new Paragraph(0, 0, headline.Trim()), .. SplitParagraphs(normalizedText).Select(p => p with { Index = p.Index + 1 })];
    }

    /// <summary>
    /// Lowercase hex SHA-256 of the UTF-8 bytes of <see cref="Normalize"/>(<paramref name="text"/>): the same article pasted
    /// with other line endings or trailing spaces hashes alike.
    /// </summary>
    public static string ContentHash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(text))));

    private static List<(int Start, int End)> Lines(string text)
    {
        var lines = new List<(int, int)>();
        var start = 0;
        while (true)
        {
            var newline = text.IndexOf('\n', start);
            if (newline < 0)
            {
                lines.Add((start, text.Length));
                return lines;
            }

            lines.Add((start, newline));
            start = newline + 1;
        }
    }

    private static bool IsBlank(string text, int start, int end) => text.AsSpan(start, end - start).IsWhiteSpace();

    private static string ReplaceLoneSurrogates(string text)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var paired = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (paired)
            {
                builder?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                builder ??= new StringBuilder(text, 0, i, text.Length);
                builder.Append('\uFFFD');
                continue;
            }

            builder?.Append(c);
        }

        return builder?.ToString() ?? text;
    }
}
