namespace TradeGraph.Core.Graph;

/// <summary>Provenance of a fact: the key of the Source entity that states it, and where in it (such as "¶3").</summary>
public sealed record SourceReference(string Source, string? Locator);
