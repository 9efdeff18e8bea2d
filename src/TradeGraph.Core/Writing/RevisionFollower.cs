using System.Runtime.CompilerServices;
using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;

namespace TradeGraph.Core.Writing;

/// <summary>
/// Follows the store's committed revision log, so every replica (every process on one SQLite file, every server on one
/// Neo4j) learns of every commit, whoever made it. For each revision it has not followed, in order: a revision this
/// process committed is published with the changes its write path handed over (<see cref="LocalCommits"/>: the read
/// model and the graph's version were moved on by the write path); any other is applied to the read model (its facts read
/// as the store holds them now; a fact of unknown shape rebuilds the model instead), moves the graph's
/// version on (the response cache and the analytics snapshot follow it), and is published. Each revision is published
/// once, here only, so subscribers see one order: the log's. A bulk load (an import) by another process publishes nothing
/// (as a local one) but rebuilds the read model and moves the version on. A subscriber may resume after a revision
/// (<see cref="SubscribeAsync"/>): the log is replayed up to where this follower stands, then it goes live.
/// </summary>
public sealed class RevisionFollower(IGraphStore store, ReadModelGraphStore? readModel, GraphModel model, LocalCommits commits,
    GraphVersion version, IGraphChangeFeed feed, int batchSize = RevisionFollower.DefaultBatchSize)
{
    public const int DefaultBatchSize = 100;

    private readonly Lock _gate = new();
    private long _position = -1;

    /// <summary>The last revision followed (published); -1 before <see cref="StartAsync"/>.</summary>
    public long Position
    {
        get
        {
            lock (_gate)
            {
                return _position;
            }
        }
    }

    /// <summary>Revisions committed by another process that were applied here (tests prove which path a revision took).</summary>
    public int ForeignRevisions => Volatile.Read(ref _foreign);

    /// <summary>Times the read model was rebuilt because of what the log showed (a bulk load, an unknown shape, a gap).</summary>
    public int Reloads => Volatile.Read(ref _reloads);

    private int _foreign;
    private int _reloads;
    private long _bulkLoads;

    /// <summary>Starts following at the latest committed revision (what came before is what the caches were built from).</summary>
    public async Task StartAsync(Action nudge, CancellationToken cancellationToken)
    {
        var log = await store.ReadRevisionsAsync(0, 0, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (_position >= 0)
            {
                return;
            }

            _position = log.Latest;
            _bulkLoads = log.BulkLoads;
        }

        commits.Attach(log.Latest, nudge);
    }

    /// <summary>
    /// Follows every revision committed since the last call, in order. Stops early (false) at a revision a local write may
    /// still hand over; the write's hand-over nudges the caller to come back.
    /// </summary>
    public async Task<bool> CatchUpAsync(CancellationToken cancellationToken)
    {
        if (Position < 0)
        {
            return false;
        }

        while (true)
        {
            var log = await store.ReadRevisionsAsync(Position, batchSize, cancellationToken).ConfigureAwait(false);
            if (!FollowBulkLoads(log.BulkLoads))
            {
                return false;
            }

            if (log.Revisions.Count == 0)
            {
                return true;
            }

            foreach (var revision in log.Revisions)
            {
                if (!await FollowAsync(revision, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }
        }
    }

    /// <summary>
    /// The changes committed after <paramref name="afterRevision"/> (replayed from the log up to where this follower stands,
    /// then live, without gaps or repeats), or from now on when it is null. Subscribes before it returns the first change.
    /// </summary>
    public IAsyncEnumerable<GraphChange> SubscribeAsync(long? afterRevision, Action<SubscriberFellBehindException>? fellBehind,
        CancellationToken cancellationToken)
    {
        IAsyncEnumerable<GraphChange> live;
        long position;
        lock (_gate)
        {
            // Under the lock Publish holds: every revision after `position` reaches this subscription live.
            live = feed.SubscribeAsync(cancellationToken, fellBehind);
            position = _position;
        }

        return ResumeAsync(afterRevision, position, live, cancellationToken);
    }

    private async IAsyncEnumerable<GraphChange> ResumeAsync(long? afterRevision, long position, IAsyncEnumerable<GraphChange> live,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (afterRevision is { } after && position >= 0)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(after);
            var next = after;
            while (next < position)
            {
                var log = await store.ReadRevisionsAsync(next, batchSize, cancellationToken).ConfigureAwait(false);
                if (after < log.ReplayableAfter)
                {
                    throw new RevisionTooOldException(after, log.ReplayableAfter);
                }

                if (log.Revisions.Count == 0)
                {
                    break;
                }

                foreach (var revision in log.Revisions.TakeWhile(r => r.Number <= position))
                {
                    next = revision.Number;
                    var (_, changes) = await RevisionReplay.ReadAsync(store, model, revision, cancellationToken).ConfigureAwait(false);
                    foreach (var change in changes)
                    {
                        yield return change;
                    }
                }

                if (log.Revisions[^1].Number >= position)
                {
                    break;
                }
            }
        }

        // Live changes are all new without afterRevision; with it, those the replay gave (or the caller had) are skipped.
        var seen = afterRevision is { } resumed ? Math.Max(position, resumed) : long.MinValue;
        await foreach (var change in live.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (change.Revision > seen)
            {
                yield return change;
            }
        }
    }

    private async Task<bool> FollowAsync(CommittedRevision revision, CancellationToken cancellationToken)
    {
        if (revision.Number != Position + 1)
        {
            // A gap: whatever the missing revisions did is unknown here, so the model is read again.
            Reload();
        }

        // Asked before looking for the hand-over: when no local write is in flight now, a local revision already in the
        // log has been handed over.
        var inFlight = commits.WritesInFlight;
        if (commits.TryTake(revision.Number, out var local))
        {
            Publish(revision.Number, local!);
            return true;
        }

        if (inFlight)
        {
            return false;
        }

        Interlocked.Increment(ref _foreign);
        IReadOnlyList<GraphChange> changes = [];
        if (!RevisionReplay.IsReplayable(model, revision))
        {
            Reload();
            (_, changes) = await RevisionReplay.ReadAsync(store, model, revision, cancellationToken).ConfigureAwait(false);
        }
        else if (readModel is null)
        {
            (_, changes) = await RevisionReplay.ReadAsync(store, model, revision, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await readModel.RefreshAsync(async (storeOfRecord, token) =>
            {
                var read = await RevisionReplay.ReadAsync(storeOfRecord, model, revision, token).ConfigureAwait(false);
                changes = read.Changes;
                return read.Facts;
            }, cancellationToken).ConfigureAwait(false);
        }

        version.Advance();
        Publish(revision.Number, changes);
        return true;
    }

    /// <summary>
    /// Takes in the imports committed since the last look: those of this process were rebuilt from already; another's
    /// rebuilds the read model and moves the version on. False when a local import may still be handing over.
    /// </summary>
    private bool FollowBulkLoads(long bulkLoads)
    {
        if (bulkLoads <= _bulkLoads)
        {
            return true;
        }

        var inFlight = commits.WritesInFlight;
        var foreign = false;
        for (var load = _bulkLoads + 1; load <= bulkLoads; load++)
        {
            foreign |= !commits.TryTakeBulkLoad(load);
        }

        if (foreign && inFlight)
        {
            return false;
        }

        if (foreign)
        {
            Reload();
            version.Advance();
        }

        _bulkLoads = bulkLoads;
        return true;
    }

    private void Reload()
    {
        if (readModel is not null)
        {
            Interlocked.Increment(ref _reloads);
            readModel.Reload();
        }
    }

    private void Publish(long revision, IReadOnlyList<GraphChange> changes)
    {
        lock (_gate)
        {
            feed.Publish(changes);
            _position = revision;
        }

        commits.Followed(revision);
    }
}
