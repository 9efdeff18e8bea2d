namespace TradeGraph.Core.Writing;

/// <summary>
/// Where this process's writes hand over their committed revisions. While a revision follower is attached, it alone
/// publishes to subscribers, every revision in the log's order, once: a local revision with the changes the write path
/// recorded (the facts exactly as committed), without touching the caches the write path already moved on; a revision it
/// meets while a local write is still between its commit and its hand-over waits for it. Without a follower (none
/// configured), the changes are published here at once, as before the log was followed. Thread-safe; one per process.
/// </summary>
public sealed class LocalCommits(IGraphChangeFeed feed)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, IReadOnlyList<GraphChange>> _handedOver = [];
    private readonly HashSet<long> _bulkLoads = [];
    private int _inFlight;
    private long _followed;
    private Action? _nudge;

    /// <summary>Whether a local write may have committed a revision it has not handed over yet.</summary>
    public bool WritesInFlight => Volatile.Read(ref _inFlight) > 0;

    /// <summary>Attaches the follower: from now on it publishes, starting after <paramref name="followed"/>; <paramref name="nudge"/> wakes it.</summary>
    public void Attach(long followed, Action nudge)
    {
        lock (_gate)
        {
            _followed = followed;
            _nudge = nudge;
        }
    }

    /// <summary>Marks a local write under way (until disposed): the follower waits for its hand-over rather than read its revision.</summary>
    public InFlight Begin()
    {
        Interlocked.Increment(ref _inFlight);
        return new InFlight(this);
    }

    /// <summary>Hands over a committed local revision and the changes to publish for it (the caches were already moved on).</summary>
    public void Committed(long revision, IReadOnlyList<GraphChange> changes)
    {
        Action? nudge;
        lock (_gate)
        {
            nudge = _nudge;
            // A revision the follower has passed was published from the log already (its write was slow to hand over).
            if (nudge is not null && revision > _followed)
            {
                _handedOver[revision] = changes;
            }
        }

        if (nudge is null)
        {
            feed.Publish(changes);
        }
        else
        {
            nudge();
        }
    }

    /// <summary>Hands over a committed local import (its number among bulk loads): the caches were already rebuilt from it.</summary>
    public void BulkLoaded(long bulkLoad)
    {
        Action? nudge;
        lock (_gate)
        {
            nudge = _nudge;
            if (nudge is not null)
            {
                _bulkLoads.Add(bulkLoad);
            }
        }

        nudge?.Invoke();
    }

    /// <summary>The follower's side: whether this process committed the import numbered <paramref name="bulkLoad"/> (taken once).</summary>
    public bool TryTakeBulkLoad(long bulkLoad)
    {
        lock (_gate)
        {
            return _bulkLoads.Remove(bulkLoad);
        }
    }

    /// <summary>
    /// The follower's side: takes the local hand-over of <paramref name="revision"/>, if any. Ask <see cref="WritesInFlight"/>
    /// first: when none was in flight then, a local revision the log showed has been handed over.
    /// </summary>
    public bool TryTake(long revision, out IReadOnlyList<GraphChange>? changes)
    {
        lock (_gate)
        {
            return _handedOver.Remove(revision, out changes);
        }
    }

    /// <summary>The follower has published everything up to <paramref name="revision"/>.</summary>
    public void Followed(long revision)
    {
        lock (_gate)
        {
            _followed = Math.Max(_followed, revision);
            foreach (var passed in _handedOver.Keys.Where(r => r <= _followed).ToList())
            {
                _handedOver.Remove(passed);
            }
        }
    }

    private void Ended()
    {
        Interlocked.Decrement(ref _inFlight);
        Action? nudge;
        lock (_gate)
        {
            nudge = _nudge;
        }

        nudge?.Invoke();
    }

    /// <summary>A local write under way; dispose when it has handed over its revision, or failed.</summary>
    public readonly struct InFlight(LocalCommits owner) : IDisposable
    {
        public void Dispose() => owner.Ended();
    }
}
