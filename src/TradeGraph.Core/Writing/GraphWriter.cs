using System.Diagnostics;
using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Telemetry;

namespace TradeGraph.Core.Writing;

/// <summary>
/// The one way writes reach the graph, whatever the store: checks a batch against the model, has the store apply it
/// in one transaction, then moves the graph's version on and hands the committed changes over to be published once, in
/// revision order (<see cref="LocalCommits"/>: by the revision follower, which publishes other processes' commits too).
/// A background write (the embedding refresh) gives way while one is under way (<see cref="WritePrecedence"/>).
/// </summary>
public sealed class GraphWriter(IGraphStore store, GraphModel model, LocalCommits commits, GraphVersion version, WritePrecedence? precedence = null)
{
    public async Task<WriteResult> WriteAsync(WriteBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var errors = WriteValidator.Validate(model, batch);
        if (errors.Count > 0)
        {
            Record(batch, "refused");
            throw new GraphWriteException(errors);
        }

        using (precedence?.BeginUserWrite())
        using (commits.Begin())
        {
            WriteResult result;
            try
            {
                result = await store.ApplyAsync(batch, cancellationToken);
            }
            catch (GraphWriteException)
            {
                Record(batch, "refused");
                throw;
            }

            Record(batch, result.Revision > 0 ? "committed" : "unchanged");
            if (result.Revision > 0)
            {
                version.Advance();
                commits.Committed(result.Revision, [.. Changes(result, batch.Actor)]);
            }

            return result;
        }
    }

    /// <summary>Data kept beside the graph (a source's passages) changed: caches drop what they hold, vectors are refreshed.</summary>
    public void BesideGraphChanged() => version.Advance();

    private static void Record(WriteBatch batch, string outcome)
    {
        var tags = new TagList { { "outcome", outcome } };
        TradeGraphTelemetry.WriteBatches.Add(1, tags);
        TradeGraphTelemetry.WriteBatchSize.Record(batch.Writes.Count, tags);
    }

    private static IEnumerable<GraphChange> Changes(WriteResult result, string actor)
    {
        foreach (var applied in result.Writes)
        {
            var change = applied.Outcome switch
            {
                WriteOutcome.Created => ChangeKind.Created,
                WriteOutcome.Updated => ChangeKind.Updated,
                WriteOutcome.Deleted => ChangeKind.Deleted,
                _ => (ChangeKind?)null,
            };
            if (change is null)
            {
                continue;
            }

            if (applied.Entity is { } entity)
            {
                // Relationships a delete detached go first: subscribers see the graph lose them before the entity.
                foreach (var detached in applied.Detached ?? [])
                {
                    yield return new GraphChange(result.Revision, ChangeKind.Deleted, detached.Type, detached.From, null, detached, actor, result.CommittedAt);
                }

                yield return new GraphChange(result.Revision, change.Value, entity.Kind, entity.Key, entity, null, actor, result.CommittedAt);
            }
            else if (applied.Relationship is { } relationship)
            {
                yield return new GraphChange(result.Revision, change.Value, relationship.Type, relationship.From, null, relationship, actor, result.CommittedAt);
            }
        }
    }
}
