namespace TradeGraph.Core.Writing;

/// <summary>
/// A slice of the store's committed revision log: the <see cref="Latest"/> revision committed, the revisions read (oldest
/// first, without gaps), <see cref="ReplayableAfter"/> (revisions numbered at or below it were committed before the log
/// recorded enough to replay them, so a reader cannot resume from before it), and <see cref="BulkLoads"/>: how many bulk
/// loads (imports) have committed. An import records no per-fact history and takes no revision number (so revision
/// numbers stay the same on both stores); a reader that keeps a copy of the graph reads it again when this count moves.
/// </summary>
public sealed record RevisionLog(long Latest, long ReplayableAfter, IReadOnlyList<CommittedRevision> Revisions, long BulkLoads = 0)
{
    public static RevisionLog Empty { get; } = new(0, 0, []);
}

/// <summary>
/// One committed revision: who committed it and when, and the facts it changed, in the order they were changed.
/// </summary>
public sealed record CommittedRevision(long Number, DateTimeOffset At, string Actor, IReadOnlyList<RevisionFact> Facts);

/// <summary>
/// One fact a revision changed, as history names it (<see cref="FactKey"/>): its entity kind or relationship type, what
/// happened to it, and each field's value before and after (JSON).
/// </summary>
public sealed record RevisionFact(string Fact, string Kind, ChangeKind Change, IReadOnlyList<FieldChange> Changes)
{
    /// <summary>The relationship the fact names, or null when it names an entity.</summary>
    public (string Type, string From, string To)? Relationship => FactKey.TryParseRelationship(Fact, out var type, out var from, out var to)
        ? (type, from, to)
        : null;
}

/// <summary>
/// A subscriber asked to resume after a revision the log cannot replay (committed before the log recorded its shape):
/// it must read the graph afresh and subscribe from now on.
/// </summary>
public sealed class RevisionTooOldException(long afterRevision, long replayableAfter)
    : Exception($"Revision {afterRevision} is too old to resume from: the log can replay changes after revision {replayableAfter} only. "
        + "Read the graph again and subscribe without afterRevision (or with a later one).")
{
    public long ReplayableAfter { get; } = replayableAfter;
}
