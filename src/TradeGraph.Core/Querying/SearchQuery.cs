using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Querying;

/// <summary>
/// Ranked full-text search over names, aliases and descriptions: every word of <paramref name="Text"/> must match the
/// start of a word (prefix matching), ignoring case and accents. With <paramref name="Fuzzy"/>, a word that matches
/// nothing is replaced by the indexed words within a small edit distance (a typo such as "Bessant"). Each hit's entity
/// comes with the <paramref name="Parts"/> asked for (all unless told).
/// </summary>
public sealed record SearchQuery(string Text, PageRequest Page, IReadOnlyCollection<string>? Kinds = null, bool Fuzzy = false,
    EntityParts Parts = EntityParts.All)
{
    /// <summary>The page size when a search names none.</summary>
    public const int DefaultPageSize = 10;

    /// <summary>
    /// The distinct folded words every store searches for (<see cref="TextFolding.DistinctWords"/>); computed on each
    /// read, so the record's equality stays that of its parameters.
    /// </summary>
    public IReadOnlyList<string> Words => TextFolding.DistinctWords(Text);
}
