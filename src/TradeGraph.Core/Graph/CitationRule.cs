namespace TradeGraph.Core.Graph;

/// <summary>The rule a citation's stated-or-inferred flag and note follow, wherever a citation comes in (seed, import, writes).</summary>
public static class CitationRule
{
    /// <summary>
    /// Why the citation's flag and note do not go together, or null when they do: an inferred citation says how in a short
    /// note; a stated one has no note (the paragraph speaks for itself).
    /// </summary>
    public static string? Check(SourceReference citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        return (citation.Inferred, citation.Note) switch
        {
            (true, var note) when string.IsNullOrWhiteSpace(note) => "an inferred citation needs a note saying how the fact follows from the paragraph",
            (true, { Length: > SourceReference.MaxNoteLength }) => $"a note is at most {SourceReference.MaxNoteLength} characters",
            (false, not null) => "a note belongs to an inferred citation only (set inferred: true)",
            _ => null,
        };
    }
}
