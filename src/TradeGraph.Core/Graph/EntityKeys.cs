using System.Text.RegularExpressions;

namespace TradeGraph.Core.Graph;

/// <summary>The one rule for entity keys: readable lowercase slugs such as <c>xi-jinping</c>, unique across the graph.</summary>
public static partial class EntityKeys
{
    public const string Rule = "a lowercase slug (letters, digits and single hyphens, such as 'xi-jinping')";

    public static bool IsValid(string key) => Slug().IsMatch(key);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();
}
