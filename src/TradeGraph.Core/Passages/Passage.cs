using System.Globalization;

namespace TradeGraph.Core.Passages;

/// <summary>
/// A paragraph of a source kept as text: the paragraph an ingested article's citations point at (¶N, 0-based, the
/// headline being ¶0). <see cref="Key"/> names it among all passages; <see cref="Locator"/> is how citations name it.
/// </summary>
public sealed record Passage(string SourceKey, int Paragraph, string Text)
{
    public string Key => KeyOf(SourceKey, Paragraph);

    public string Locator => string.Create(CultureInfo.InvariantCulture, $"¶{Paragraph}");

    public static string KeyOf(string sourceKey, int paragraph) => string.Create(CultureInfo.InvariantCulture, $"{sourceKey}¶{paragraph}");

    /// <summary>
    /// The paragraph a citation locator points at: "¶3" (the report's form) and "¶3:120-133" (a mention's) are both
    /// paragraph 3; anything else is none.
    /// </summary>
    public static int? ParagraphOf(string? locator)
    {
        if (locator is null || locator.Length < 2 || locator[0] != '¶')
        {
            return null;
        }

        var end = locator.IndexOf(':', StringComparison.Ordinal);
        var digits = locator.AsSpan(1, (end < 0 ? locator.Length : end) - 1);
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var paragraph) ? paragraph : null;
    }
}
