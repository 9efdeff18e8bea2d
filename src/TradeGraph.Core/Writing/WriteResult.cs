using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Writing;

/// <summary>What a write did. <see cref="Unchanged"/> means the graph already held exactly what was asked.</summary>
public enum WriteOutcome
{
    Created,
    Updated,
    Unchanged,
    Deleted,
}

/// <summary>
/// The result of one write of a batch: its outcome and the fact as stored after the batch (the entity, or the
/// relationship; for a delete, the fact as it was just before). <paramref name="Detached"/> lists the relationships a
/// detaching delete removed with its entity.
/// </summary>
public sealed record AppliedWrite(GraphWrite Write, WriteOutcome Outcome, Entity? Entity, Relationship? Relationship,
    IReadOnlyList<Relationship>? Detached = null);

/// <summary>A committed batch: one <see cref="AppliedWrite"/> per write, in order, and the revision the commit made (0 when nothing changed).</summary>
public sealed record WriteResult(IReadOnlyList<AppliedWrite> Writes, long Revision, DateTimeOffset CommittedAt);
