using System.Diagnostics;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Analytics;

/// <summary>
/// One topology of the graph that analytics answer from, and what was prepared on it (the whole-graph projection).
/// <see cref="Generation"/> keys the caches: its token fires when a newer snapshot replaces this one.
/// </summary>
internal sealed record AnalyticsSnapshot(long Id, long GraphVersion, GraphTopology Topology, GraphProjection? Whole, CancellationToken Retired)
{
    public (long Id, CancellationToken Retired) Generation => (Id, Retired);

    /// <summary>
    /// The whole-graph projection once a query has found it (<see cref="Whole"/>, or the one built into the cache after
    /// kept rankings were served): later queries on this snapshot take it without a cache lookup. It goes with the
    /// snapshot, as <see cref="Whole"/> does.
    /// </summary>
    public GraphProjection? WholeFound { get; set; }
}

/// <summary>
/// Keeps the snapshot analytics answer from in step with the graph, in the background: the first read (at start, when
/// warming is on, or for the first request), then one re-read after writes — however many came in a burst: a write
/// while a read runs only asks for one more read after it. Until a new snapshot is ready (read, and prepared by the
/// service), the previous one is served, so no request waits for a rebuild after a write; it is let go the moment the
/// new one is published. Only the very first request of a cold server waits, joining the read already running.
/// </summary>
internal sealed partial class TopologyRefresher : IDisposable
{
    private readonly IGraphStore _store;
    private readonly GraphVersion _graphVersion;
    private readonly Func<GraphTopology, (long Id, CancellationToken Retired), CancellationToken, Task<GraphProjection?>> _prepare;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private (AnalyticsSnapshot Snapshot, CancellationTokenSource Retire)? _current;
    private TaskCompletionSource<AnalyticsSnapshot>? _first;
    private List<(long GraphVersion, TaskCompletionSource Done)> _caughtUpWaiters = [];
    private bool _running;
    private bool _again;
    private long _lastId;
    private CancellationToken _watched;

    public TopologyRefresher(IGraphStore store, GraphVersion graphVersion,
        Func<GraphTopology, (long Id, CancellationToken Retired), CancellationToken, Task<GraphProjection?>> prepare, ILogger logger)
    {
        _store = store;
        _graphVersion = graphVersion;
        _prepare = prepare;
        _logger = logger;
    }

    /// <summary>Topology reads started so far (each followed by a prepare and a publish when it succeeds).</summary>
    public int Reads { get; private set; }

    /// <summary>The snapshot served now, if any.</summary>
    public AnalyticsSnapshot? Current
    {
        get
        {
            lock (_gate)
            {
                return _current?.Snapshot;
            }
        }
    }

    /// <summary>
    /// Starts the first read in the background (warming on start); returns at once. Nothing to do when a request began
    /// it already or a snapshot is served: a second read would only repeat the first.
    /// </summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_running || _current is not null)
            {
                return;
            }

            _first ??= new TaskCompletionSource<AnalyticsSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
            ScheduleLocked();
        }
    }

    /// <summary>
    /// Completes when a snapshot is served, or when the first read (started by <see cref="Start"/>) failed; at once when
    /// none is served and none is being read. Joins, never starts, a read.
    /// </summary>
    public Task FirstReadAsync()
    {
        lock (_gate)
        {
            return _current is null && _first is { } first ? first.Task : Task.CompletedTask;
        }
    }

    /// <summary>
    /// The snapshot to answer from: the one served now (perhaps a version behind while a newer one is prepared), or,
    /// before there is any, the first one, joining its read (starting it when nothing runs).
    /// </summary>
    public Task<AnalyticsSnapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<AnalyticsSnapshot> first;
        lock (_gate)
        {
            if (ServedLocked() is { } served)
            {
                return Task.FromResult(served);
            }

            if (_first is null || _first.Task.IsCompleted)
            {
                _first = new TaskCompletionSource<AnalyticsSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            first = _first;
            if (!_running)
            {
                ScheduleLocked();
            }

            WaitingForFirst++;
        }

        return WaitForFirstAsync(first.Task, cancellationToken);
    }

    /// <summary>
    /// The snapshot served now, as <see cref="CurrentAsync"/> gives it, without a task; false before the first one
    /// (the caller then awaits <see cref="CurrentAsync"/>).
    /// </summary>
    public bool TryCurrent([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AnalyticsSnapshot? snapshot)
    {
        lock (_gate)
        {
            snapshot = ServedLocked();
            return snapshot is not null;
        }
    }

    /// <summary>Callers waiting now for the first snapshot (a cold server).</summary>
    public int WaitingForFirst { get; private set; }

    private AnalyticsSnapshot? ServedLocked()
    {
        if (_current is not { } current)
        {
            return null;
        }

        // A refresh that failed earlier is retried by whoever asks next.
        if (!_running && current.Snapshot.GraphVersion != _graphVersion.Value)
        {
            ScheduleLocked();
        }

        return current.Snapshot;
    }

    private async Task<AnalyticsSnapshot> WaitForFirstAsync(Task<AnalyticsSnapshot> first, CancellationToken cancellationToken)
    {
        try
        {
            return await first.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                WaitingForFirst--;
            }
        }
    }

    /// <summary>
    /// Completes once a snapshot of the graph as it is now (or later) is served: what a caller that just wrote waits
    /// for before it reads analytics that must include its write. Starts a read when none is running.
    /// </summary>
    public Task CaughtUpAsync(CancellationToken cancellationToken)
    {
        var version = _graphVersion.Value;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_current?.Snapshot.GraphVersion >= version)
            {
                return Task.CompletedTask;
            }

            _caughtUpWaiters.Add((version, done));
            if (!_running)
            {
                ScheduleLocked();
            }
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        lock (_gate)
        {
            _current?.Retire.Cancel();
            _current?.Retire.Dispose();
            _current = null;
        }
    }

    /// <summary>Runs a refresh now, or, when one runs, asks it for one more pass; called under the lock.</summary>
    private void ScheduleLocked()
    {
        if (_running)
        {
            _again = true;
            return;
        }

        _running = true;
        _again = false;
        _ = Task.Run(RefreshAsync);
    }

    private async Task RefreshAsync()
    {
        while (true)
        {
            var (version, movedOn) = _graphVersion.Current;
            Watch(movedOn);
            try
            {
                lock (_gate)
                {
                    Reads++;
                }

                // No caller's token: the snapshot outlives the request that asked first.
                var started = Stopwatch.GetTimestamp();
                var topology = await _store.ReadTopologyAsync(_stopping.Token).ConfigureAwait(false);
                // Its keys become the one instance of each the read model and the vector index take (issue 13).
                SharedKeys.Offer(topology);
                var read = Stopwatch.GetElapsedTime(started);
                var retire = new CancellationTokenSource();
                var id = Interlocked.Increment(ref _lastId);
                var whole = await _prepare(topology, (id, retire.Token), _stopping.Token).ConfigureAwait(false);
                Publish(new AnalyticsSnapshot(id, version, topology, whole, retire.Token), retire);
                LogPublished(version, topology.NodeCount, topology.RelationshipCount, topology.EstimatedBytes >> 20, whole?.EstimatedBytes >> 20,
                    (long)read.TotalMilliseconds, (long)(Stopwatch.GetElapsedTime(started) - read).TotalMilliseconds);
            }
            catch (Exception error) when (error is not OperationCanceledException || !_stopping.IsCancellationRequested)
            {
                LogFailed(error);
                Fail(error);
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (_gate)
            {
                if (!_again && _graphVersion.Value == version)
                {
                    _running = false;
                    return;
                }

                _again = false;
            }
        }
    }

    /// <summary>Serves the new snapshot and lets the previous one go (its cache entries are dropped with its token).</summary>
    private void Publish(AnalyticsSnapshot snapshot, CancellationTokenSource retire)
    {
        CancellationTokenSource? previous;
        List<TaskCompletionSource> caughtUp = [];
        TaskCompletionSource<AnalyticsSnapshot>? first;
        lock (_gate)
        {
            previous = _current?.Retire;
            _current = (snapshot, retire);
            first = _first;
            _first = null;
            var waiting = _caughtUpWaiters;
            _caughtUpWaiters = [];
            foreach (var waiter in waiting)
            {
                if (waiter.GraphVersion <= snapshot.GraphVersion)
                {
                    caughtUp.Add(waiter.Done);
                }
                else
                {
                    _caughtUpWaiters.Add(waiter);
                }
            }
        }

        // The previous snapshot's entries go first (its token's callbacks drop them), then whoever waits is told.
        previous?.Cancel();
        previous?.Dispose();
        first?.TrySetResult(snapshot);
        caughtUp.ForEach(done => done.TrySetResult());
    }

    private void Fail(Exception error)
    {
        TaskCompletionSource<AnalyticsSnapshot>? first;
        List<(long, TaskCompletionSource Done)> waiting;
        lock (_gate)
        {
            _running = false;
            first = _first;
            _first = null;
            waiting = _caughtUpWaiters;
            _caughtUpWaiters = [];
        }

        first?.TrySetException(error);
        waiting.ForEach(w => w.Done.TrySetException(error));
    }

    /// <summary>Refreshes when the graph's version moves on, once a snapshot is kept (a server nobody asks analytics of reads nothing).</summary>
    private void Watch(CancellationToken movedOn)
    {
        lock (_gate)
        {
            if (movedOn == _watched)
            {
                return;
            }

            _watched = movedOn;
        }

        movedOn.Register(() =>
        {
            lock (_gate)
            {
                if (_current is not null || _running)
                {
                    ScheduleLocked();
                }
            }
        });
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Analytics snapshot of graph version {Version}: {Nodes} nodes, "
        + "{Relationships} relationships (topology ~{TopologyMegabytes} MB, whole-graph projection ~{ProjectionMegabytes} MB); read in {ReadMilliseconds} ms, prepared in {PrepareMilliseconds} ms")]
    private partial void LogPublished(long version, int nodes, int relationships, long topologyMegabytes, long? projectionMegabytes, long readMilliseconds, long prepareMilliseconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Reading the graph's topology for analytics failed; the next analytics request tries again")]
    private partial void LogFailed(Exception error);
}
