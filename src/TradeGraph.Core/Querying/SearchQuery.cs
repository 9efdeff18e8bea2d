namespace TradeGraph.Core.Querying;

/// <summary>
/// Ranked full-text search over names, aliases and descriptions: every word of <paramref name="Text"/> must match the
/// start of a word (prefix matching), ignoring case and accents. With <paramref name="Fuzzy"/>, a word that matches
/// nothing is replaced by the indexed words within a small edit distance (a typo such as "Bessant").
/// </summary>
public sealed record SearchQuery(string Text, PageRequest Page, IReadOnlyCollection<string>? Kinds = null, bool Fuzzy = false);
