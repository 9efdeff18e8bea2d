using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TradeGraph.Core.Ingestion;

/// <summary>
/// The citation locator of a mention: "¶3:120-133" is paragraph 3 (0-based, the headline being ¶0, as the seed's "¶3"), characters 120 to
/// 133 (end exclusive) of that paragraph's text. Only this canonical form parses (no signs, spaces or leading zeros),
/// so equal locators are equal strings.
/// </summary>
public static class MentionLocator
{
    private const char ParagraphSign = '¶';

    /// <summary>The locator of a span of a paragraph.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative number, or <paramref name="end"/> before <paramref name="start"/>.</exception>
    public static string Format(int paragraph, int start, int end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(paragraph);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        return string.Create(CultureInfo.InvariantCulture, $"{ParagraphSign}{paragraph}:{start}-{end}");
    }

    /// <summary>The locator of a mention.</summary>
    public static string Format(Mention mention)
    {
        ArgumentNullException.ThrowIfNull(mention);
        return Format(mention.Paragraph, mention.Start, mention.End);
    }

    /// <summary>Reads a locator written by <see cref="Format(int, int, int)"/>; false for anything else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? locator, out int paragraph, out int start, out int end)
    {
        paragraph = start = end = 0;
        if (locator is null || locator.Length < 2 || locator[0] != ParagraphSign)
        {
            return false;
        }

        var colon = locator.IndexOf(':', StringComparison.Ordinal);
        var dash = colon < 0 ? -1 : locator.IndexOf('-', colon);
        if (dash < 0
            || !int.TryParse(locator.AsSpan(1, colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var p)
            || !int.TryParse(locator.AsSpan(colon + 1, dash - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            || !int.TryParse(locator.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var e)
            || e < s
            || Format(p, s, e) != locator)
        {
            return false;
        }

        (paragraph, start, end) = (p, s, e);
        return true;
    }
}
