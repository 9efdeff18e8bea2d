using System.Globalization;
using System.Text;
using TradeGraph.Core.Graph;

namespace TradeGraph.Storage.Neo4j.Cypher;

/// <summary>
/// Case- and accent-insensitive matching without stored folded copies: Neo4j has no accent folding (short of plugins),
/// so the user's text is folded here (<see cref="TextFolding"/>) and turned into a Java regular expression, the kind
/// Cypher's <c>=~</c> runs, that matches every stored spelling folding to it: each folded character becomes the class of
/// the characters that fold to it (<c>i</c> → <c>[iIíÍìÌîÎïÏ…]</c>), each followed by optional combining marks so
/// decomposed text matches too. Every character is written as <c>\x{…}</c>, so user text can never be regex syntax;
/// the pattern itself is a parameter. Only characters of the Basic Multilingual Plane are folded.
/// </summary>
internal static class FoldPattern
{
    private const string Marks = @"\p{Mn}*";

    private static readonly Lazy<Dictionary<int, List<int>>> Variants = new(BuildVariants);

    public enum Shape
    {
        Equal,
        StartsWith,
        EndsWith,
        Contains,
    }

    /// <summary>A whole-string pattern (as <c>=~</c> applies it) for a stored value related to <paramref name="text"/> by <paramref name="shape"/>.</summary>
    public static string For(string text, Shape shape)
    {
        var body = Sequence(TextFolding.Fold(text));
        return "(?s)" + shape switch
        {
            Shape.Equal => body,
            Shape.StartsWith => body + ".*",
            Shape.EndsWith => ".*" + body,
            _ => ".*" + body + ".*",
        };
    }

    /// <summary>A pattern matching a stored value that folds to any of <paramref name="texts"/>.</summary>
    public static string AnyOf(IEnumerable<string> texts) =>
        "(?s)(?:" + string.Join("|", texts.Select(t => Sequence(TextFolding.Fold(t)))) + ")";

    /// <summary>A pattern for text containing <paramref name="text"/> right after a space (a later word starting with it).</summary>
    public static string AfterSpace(string text) => "(?s).*" + Class(' ') + Marks + Sequence(TextFolding.Fold(text)) + ".*";

    private static string Sequence(string folded)
    {
        var builder = new StringBuilder(Marks);
        foreach (var rune in folded.EnumerateRunes())
        {
            builder.Append(Class(rune.Value)).Append(Marks);
        }

        return builder.ToString();
    }

    private static string Class(int codePoint)
    {
        if (!Variants.Value.TryGetValue(codePoint, out var variants))
        {
            return Escape(codePoint);
        }

        var builder = new StringBuilder("[").Append(Escape(codePoint));
        foreach (var variant in variants)
        {
            builder.Append(Escape(variant));
        }

        return builder.Append(']').ToString();
    }

    private static string Escape(int codePoint) => $@"\x{{{codePoint.ToString("X", CultureInfo.InvariantCulture)}}}";

    /// <summary>For each folded character, the other characters of the BMP that fold to it alone (upper case, accented).</summary>
    private static Dictionary<int, List<int>> BuildVariants()
    {
        var variants = new Dictionary<int, List<int>>();
        for (var c = 0; c <= 0xFFFF; c++)
        {
            // Unassigned code points (noncharacters among them) have no folding; normalizing them throws.
            if (char.IsSurrogate((char)c) || CharUnicodeInfo.GetUnicodeCategory((char)c) == UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }

            var folded = TextFolding.Fold(((char)c).ToString());
            if (folded.Length == 1 && folded[0] != c && !char.IsSurrogate(folded[0]))
            {
                if (!variants.TryGetValue(folded[0], out var list))
                {
                    variants[folded[0]] = list = [];
                }

                list.Add(c);
            }
        }

        return variants;
    }
}
