namespace TradeGraph.Core.Graph;

/// <summary>
/// Provenance of a fact: the key of the Source entity that states it, and where in it (such as "¶3"). A citation is
/// stated (the paragraph says it) or <see cref="Inferred"/> (the fact follows from the paragraph), and then its
/// <see cref="Note"/> says how (decision 0018; <see cref="CitationRule"/> checks the pair). A citation is identified by
/// source and locator: citing the same place again replaces what the citation says about it.
/// </summary>
public sealed record SourceReference(string Source, string? Locator, bool Inferred = false, string? Note = null)
{
    /// <summary>The longest note a citation may carry: a short explanation, not a passage.</summary>
    public const int MaxNoteLength = 500;

    /// <summary>A citation as the stores keep it: the note alone tells an inferred one (null or "" when stated).</summary>
    public static SourceReference Stored(string source, string? locator, string? note) =>
        note is { Length: > 0 } ? new(source, locator, true, note) : new(source, locator);
}
