using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Api.Telemetry;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Analytics;

/// <summary>
/// Projections for the analytics fields, built from a snapshot of the graph's topology (either backend) and kept, with
/// the results computed on them, in caches bounded in bytes (<see cref="AnalyticsOptions.CacheBudgetBytes"/>); projections
/// that differ only in direction share one set of arrays.
/// The snapshot is kept in step with the graph in the background (<see cref="TopologyRefresher"/>): after a write the
/// previous snapshot, its projections and results keep answering while the next one is read, its whole-graph
/// projection built and the results the previous one held recomputed; then it is served and the previous one let go.
/// Every filter is checked against the model before anything is built; every build and computation runs under the time limit.
/// </summary>
public sealed class AnalyticsService : IScoreSource, IDisposable
{
    /// <summary>
    /// The projection entity scores (<c>Official.pageRank</c>, sorting and filtering by a score) are computed on, the
    /// same as <c>centrality</c> with no projection arguments: the whole graph, relationships walked either way.
    /// </summary>
    public static ProjectionFilter EntityScoreProjection { get; } = new() { Direction = EdgeDirection.Undirected };

    private readonly GraphModel _model;
    private readonly GraphVersion _graphVersion;
    private readonly AnalyticsOptions _options;
    private readonly TaskCompletionSource _warmingBegun = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TopologyRefresher _refresher;
    private readonly KeptRankings? _keptRankings;
    private readonly Startup.RequestActivity? _requests;
    private readonly ConcurrentDictionary<string, Recipe> _recipes = new(StringComparer.Ordinal);
    private readonly ProjectionFilter[] _wholeGraphAdmitted;
    private readonly Memory.CollectionAfterLargeWork? _afterLargeWork;

    public AnalyticsService(IGraphStore store, GraphModel model, GraphVersion graphVersion, IOptions<AnalyticsOptions> options,
        ILogger<AnalyticsService>? logger = null, Storage.StoreOfRecord? storeOfRecord = null, Startup.RequestActivity? requests = null,
        Memory.CollectionAfterLargeWork? afterLargeWork = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _afterLargeWork = afterLargeWork;
        _model = model;
        _graphVersion = graphVersion;
        _options = options.Value;
        _requests = requests;
        _keptRankings = KeptRankings.For(storeOfRecord?.Store, _options);
        _wholeGraphAdmitted = [.. Enum.GetValues<EdgeDirection>().Select(d => new ProjectionFilter { Direction = d, MaxSize = _options.MaxProjectionSize })];
        WholeCache = new AnalyticsCache(_options.CacheBudgetBytes, _options.TimeLimit);
        WindowedOrWeightedCache = new AnalyticsCache(_options.WindowedOrWeightedCacheBudgetBytes, _options.TimeLimit);
        _refresher = new TopologyRefresher(store, graphVersion, PrepareAsync, (ILogger?)logger ?? NullLogger.Instance);
    }

    public AnalyticsOptions Options => _options;

    /// <summary>Projections with no date window and no weight, and what is computed on them.</summary>
    internal AnalyticsCache WholeCache { get; }

    /// <summary>
    /// Projections with a date window or a weight property, and what is computed on them: shapes a client can vary at
    /// will (any pair of days), kept apart on a small budget so they never push the whole-graph projections out.
    /// </summary>
    internal AnalyticsCache WindowedOrWeightedCache { get; }

    /// <summary>Topology reads started so far (one per snapshot, however many asked or wrote meanwhile).</summary>
    internal int TopologyReads => _refresher.Reads;

    /// <summary>Requests waiting now for the first snapshot (a cold server's).</summary>
    internal int WaitingForFirstSnapshot => _refresher.WaitingForFirst;

    /// <summary>The snapshot answering now, if any.</summary>
    internal AnalyticsSnapshot? Snapshot => _refresher.Current;

    /// <summary>Snapshots served with the rankings the first requests need read from the kept rankings file, not computed.</summary>
    internal int KeptRankingsRead { get; private set; }

    /// <summary>The build of the whole-graph projection behind a first snapshot served from kept rankings (done when none is due).</summary>
    internal Task WholeProjectionAfterKeptRankings { get; private set; } = Task.CompletedTask;

    /// <summary>Whether the served snapshot's whole-graph projection is built (prepared with it, or cached since).</summary>
    internal bool HoldsWholeProjection => Snapshot is { } served
        && (served.Whole is not null || WholeCache.Contains(served.Generation, "projection\n" + Admit(EntityScoreProjection).CacheKey));

    /// <summary>Whether the graph's shape (the source of every projection) is held now.</summary>
    internal bool HoldsTopology => _refresher.Current is not null;

    /// <summary>
    /// Starts reading the topology, building the whole-graph projection and ranking it by PageRank (what sorting
    /// entities by <c>pageRank</c> needs) in the background; returns at once.
    /// </summary>
    public void StartWarming()
    {
        PrepareWarming();
        _refresher.Start();
        _warmingBegun.TrySetResult();
    }

    /// <summary>
    /// <see cref="StartWarming"/> once the server's first requests are answered (<see cref="RequestsAnsweredAsync"/>), so
    /// the first answer after a start does not share the core with the topology's read (issue 7: under a second at
    /// 1M). Its caller puts the recipe in place first (<see cref="PrepareWarming"/>, before the server listens), so an
    /// analytics request meanwhile starts the read itself, with the kept rankings.
    /// </summary>
    public async Task StartWarmingOnceAnsweredAsync(CancellationToken cancellationToken)
    {
        await RequestsAnsweredAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (cancellationToken.IsCancellationRequested)
        {
            _warmingBegun.TrySetResult();
            return;
        }

        StartWarming();
    }

    /// <summary>
    /// Completes once warming on start has begun (<see cref="StartWarming"/>): what the start-up work that waits for the
    /// first snapshot awaits first. At once when the server does not warm on start.
    /// </summary>
    public Task WarmingBegunAsync() => _options.WarmOnStart ? _warmingBegun.Task : Task.CompletedTask;

    /// <summary>
    /// What warming computes with the first snapshot (PageRank over the whole graph, from the kept rankings when they
    /// match), in place before any request can start the read itself.
    /// </summary>
    public void PrepareWarming()
    {
        var filter = Admit(EntityScoreProjection);
        var pageRank = ScoreMeasures.PageRank;
        _recipes.TryAdd(pageRank.Name + "\n" + filter.CacheKey, new Recipe(filter, (projection, token) => pageRank.Compute(projection, Sampling, token), Warm: true,
            Kept: $"{pageRank.Name}\n{EntityScoreProjection.CacheKey}\n{PageRankOptions.Default}"));
    }

    /// <summary>
    /// Once warming has started (<see cref="StartWarming"/>), completes when the first snapshot is served or its read
    /// failed: what other start-up work waits for so it does not compete with the read for the CPU (the read model's
    /// build). Complete at once when no snapshot is being read.
    /// </summary>
    public Task WarmedAsync() => _refresher.FirstReadAsync();

    /// <summary>
    /// Completes when no request has been in flight for <see cref="AnalyticsOptions.StartupQuietMilliseconds"/>, or after
    /// <see cref="AnalyticsOptions.StartupIdleWaitSeconds"/>: what start-up work no request waits for awaits after the
    /// first snapshot, so the requests that come first (those that waited for the snapshot, and those that come just
    /// after it) are answered before it takes a share of the CPU. At once without request counting.
    /// </summary>
    public Task RequestsAnsweredAsync(CancellationToken cancellationToken) =>
        _requests?.QuietAsync(TimeSpan.FromMilliseconds(_options.StartupQuietMilliseconds), TimeSpan.FromSeconds(_options.StartupIdleWaitSeconds),
            cancellationToken) ?? Task.CompletedTask;

    /// <summary>
    /// Completes when analytics answer from the graph as it is now (every write committed before the call included):
    /// what a client that just wrote awaits before it reads analytics that must see the write.
    /// </summary>
    public Task CaughtUpAsync(CancellationToken cancellationToken) => _refresher.CaughtUpAsync(cancellationToken);

    /// <summary>
    /// <see cref="RunAsync{T}"/>, remembered per algorithm and projection until the graph changes: every entity asking
    /// for its community, or a second page of a ranking, reuses one computation (and concurrent askers share it).
    /// </summary>
    public Task<T> RunCachedAsync<T>(string algorithm, ProjectionFilter filter, Func<GraphProjection, CancellationToken, T> compute,
        CancellationToken cancellationToken)
        where T : class =>
        Coded(async () => (await CachedOnSnapshotAsync(algorithm, filter, compute, cancellationToken)).Result, cancellationToken);

    /// <summary>A result cached per snapshot, with the graph version of the snapshot it was computed on.</summary>
    private async Task<(T Result, long GraphVersion)> CachedOnSnapshotAsync<T>(string algorithm, ProjectionFilter filter,
        Func<GraphProjection, CancellationToken, T> compute, CancellationToken cancellationToken)
        where T : class
    {
        var admitted = Admit(filter);
        var snapshot = await SnapshotAsync(cancellationToken);
        var key = algorithm + "\n" + admitted.CacheKey;
        if (CacheFor(admitted) == WholeCache)
        {
            _recipes.TryAdd(key, new Recipe(admitted, (projection, token) => compute(projection, token)));
        }

        var result = await CacheFor(admitted).GetOrComputeAsync(snapshot.Generation, key, async token =>
        {
            var projection = await ProjectionAsync(snapshot, admitted, token);
            var computed = await Task.Run(() => ReportingAllocation(() => AnalyticsTelemetry.Timed(algorithm, () => compute(projection, token))), token);
            return (computed, EstimatedBytes(computed, projection));
        }, cancellationToken);
        return (result, snapshot.GraphVersion);
    }

    /// <summary>
    /// Runs a request's computation on this thread and reports what it allocated to <see cref="Memory.CollectionAfterLargeWork"/>,
    /// which hands large garbage back once the request is answered.
    /// </summary>
    private T ReportingAllocation<T>(Func<T> compute)
    {
        if (_afterLargeWork is null)
        {
            return compute();
        }

        // Reported also when the computation fails (a time limit, a cancellation): what it allocated is garbage all the same.
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            return compute();
        }
        finally
        {
            _afterLargeWork.Allocated(GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    /// <summary>A centrality ranking of the projection, best first, computed once per graph version.</summary>
    public Task<Ranking> RankingAsync(ScoreMeasure measure, ProjectionFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(measure);
        var sampling = Sampling;
        return RunCachedAsync(measure.Name, filter, (p, token) => measure.Compute(p, sampling, token), cancellationToken);
    }

    /// <summary>The scores a query sorts or filters entities by, over <see cref="EntityScoreProjection"/>.</summary>
    /// <remarks>
    /// The table carries the ranking (its key lookup made only if a store asks for it), and its order when no write came
    /// after the snapshot it was computed on: then a first page ordered by the score alone is read from the ranking's best
    /// entries (<see cref="RankedFirstPage"/>) instead of scoring every entity of the kind.
    /// </remarks>
    public Task<ScoreTable> ScoresAsync(ScoreMeasure measure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(measure);
        var sampling = Sampling;
        return Coded(async () =>
        {
            var (ranking, version) = await CachedOnSnapshotAsync(measure.Name, EntityScoreProjection, (p, token) => measure.Compute(p, sampling, token), cancellationToken);
            return new ScoreTable(measure, ranking, describesGraphNow: version == _graphVersion.Value);
        }, cancellationToken);
    }

    private ScoreSampling Sampling => new(_options.BetweennessSampleSize, _options.ClosenessSampleSize);

    /// <summary>
    /// Runs <paramref name="compute"/> on the projection under the time limit; over it, a coded error.
    /// <paramref name="linearInSize"/>: the computation reads each node and relationship a bounded number of times (one
    /// fewest-hops search), so on a whole-graph projection of at most <see cref="AnalyticsOptions.InlineQuerySize"/> it
    /// cannot approach the limit: once that projection is held it runs at once on the request's thread, with no timer.
    /// </summary>
    public Task<T> RunAsync<T>(ProjectionFilter filter, Func<GraphProjection, CancellationToken, T> compute, CancellationToken cancellationToken,
        bool linearInSize = false)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(compute);
        return linearInSize && IsWholeGraph(filter) && _refresher.TryCurrent(out var snapshot) && snapshot.WholeFound is { } whole
            && whole.Size <= _options.InlineQuerySize
            ? Task.FromResult(RunInline(whole.WithDirection(filter.Direction), compute, cancellationToken))
            : RunLimitedAsync(filter, compute, cancellationToken);
    }

    private Task<T> RunLimitedAsync<T>(ProjectionFilter filter, Func<GraphProjection, CancellationToken, T> compute, CancellationToken cancellationToken) =>
        Coded(async () =>
        {
            var admitted = Admit(filter);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(_options.TimeLimit);
            var snapshot = await _refresher.CurrentAsync(limit.Token);
            var projection = await ProjectionAsync(snapshot, admitted, limit.Token);
            return projection.Size <= _options.InlineQuerySize
                ? AnalyticsTelemetry.Timed("query", () => compute(projection, limit.Token))
                : await Task.Run(() => ReportingAllocation(() => AnalyticsTelemetry.Timed("query", () => compute(projection, limit.Token))), limit.Token);
        }, cancellationToken);

    public void Dispose()
    {
        _refresher.Dispose();
        WholeCache.Dispose();
        WindowedOrWeightedCache.Dispose();
    }

    /// <summary>The snapshot to answer from; waiting for the first one (a cold server) is bounded by the time limit.</summary>
    private async Task<AnalyticsSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.TimeLimit);
        return await _refresher.CurrentAsync(limit.Token);
    }

    /// <summary>The filter as it will be built: checked against the model (a bad argument builds nothing), with the size limit.</summary>
    private ProjectionFilter Admit(ProjectionFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (IsWholeGraph(filter) && (uint)filter.Direction < (uint)_wholeGraphAdmitted.Length)
        {
            // No names and no window: nothing to check, and admitted once per direction.
            return _wholeGraphAdmitted[(int)filter.Direction];
        }

        filter.Validate(_model);
        return filter with { MaxSize = _options.MaxProjectionSize };
    }

    /// <summary>Whether the filter keeps the whole graph unweighted (any direction): the projection every snapshot prepares.</summary>
    private static bool IsWholeGraph(ProjectionFilter filter) =>
        filter is { Kinds: null, RelationshipTypes: null, DateWindow: null, WeightProperty: null };

    /// <summary>
    /// A linear query on the held whole-graph projection: no time limit is needed (its size bounds it, see
    /// <see cref="RunAsync{T}"/>); a bad argument still gets its code.
    /// </summary>
    private static T RunInline<T>(GraphProjection projection, Func<GraphProjection, CancellationToken, T> compute, CancellationToken cancellationToken)
    {
        try
        {
            return AnalyticsTelemetry.Timed("query", projection, compute, cancellationToken);
        }
        catch (InvalidProjectionArgumentException invalid)
        {
            throw Invalid(invalid);
        }
    }

    /// <summary>A projection's refusal of an argument, as the client sees it: the one mapping, inline or time-limited.</summary>
    private static TradeGraphError Invalid(InvalidProjectionArgumentException invalid) => new(ErrorCodes.InvalidArgument, invalid.Message);

    private AnalyticsCache CacheFor(ProjectionFilter filter) =>
        filter.DateWindow is null && filter.WeightProperty is null ? WholeCache : WindowedOrWeightedCache;

    /// <summary>
    /// The projection for <paramref name="filter"/> in a snapshot: its prepared whole-graph one, or built once however
    /// many ask at once. Built and kept per shape (the filter unweighted, walked either way): a direction changes no
    /// array and a weight only the weights, so paths (directed, or weighted) and scores (either way) over the whole
    /// graph share the snapshot's one projection, a weighted one adding only its weights.
    /// </summary>
    private async Task<GraphProjection> ProjectionAsync(AnalyticsSnapshot snapshot, ProjectionFilter filter, CancellationToken cancellationToken)
    {
        var wholeGraph = IsWholeGraph(filter);
        if (wholeGraph && snapshot.WholeFound is { } found)
        {
            return found.WithDirection(filter.Direction);
        }

        var shape = filter with { Direction = EntityScoreProjection.Direction, WeightProperty = null };
        var projection = snapshot.Whole is { } whole && whole.Filter.Equals(shape) ? whole
            : await CacheFor(shape).GetOrComputeAsync(snapshot.Generation, "projection\n" + shape.CacheKey, token => BuildAsync(snapshot.Topology, shape, token),
                cancellationToken);
        if (wholeGraph)
        {
            snapshot.WholeFound = projection;
        }

        if (filter.WeightProperty is { } weight)
        {
            var weighted = shape with { WeightProperty = weight };
            projection = await CacheFor(weighted).GetOrComputeAsync(snapshot.Generation, "weights\n" + weighted.CacheKey, async token =>
            {
                var view = await Task.Run(() => projection.WithWeight(weight, token), token);
                return (view, view.WeightBytes);
            }, cancellationToken);
        }

        return projection.WithDirection(filter.Direction);
    }

    /// <summary>What a cached value takes, by its own estimate; a result of another type, a few words per node of its projection.</summary>
    private static long EstimatedBytes(object value, GraphProjection projection) => value switch
    {
        GraphProjection built => built.EstimatedBytes,
        Ranking ranking => ranking.EstimatedBytes,
        CommunitySet communities => communities.EstimatedBytes,
        _ => 32L * projection.NodeCount,
    };

    /// <summary>
    /// Prepares a new snapshot before it is served: builds its whole-graph projection and recomputes on it the results
    /// the served snapshot holds for that projection (the scores queries sort and filter by), each under the time limit,
    /// so the first requests after the switch find them ready. Other projections are built on demand, from memory.
    /// A result kept in the rankings file for this very topology is read, not computed; when everything the first
    /// snapshot needs was kept, it is served at once and its whole-graph projection built after, in the background.
    /// </summary>
    private async Task<GraphProjection?> PrepareAsync(GraphTopology topology, (long Id, CancellationToken Retired) generation, CancellationToken cancellationToken)
    {
        var filter = Admit(EntityScoreProjection);
        var served = _refresher.Current;
        var held = HeldRecipes(served, filter);
        var (fingerprint, kept) = await Task.Run(() => ReadKept(topology, held), cancellationToken);
        if (served is null && held.Count > 0 && kept.Count == held.Count)
        {
            foreach (var (key, ranking) in kept)
            {
                WholeCache.Prefill(generation, key, ranking, ranking.EstimatedBytes);
            }

            KeptRankingsRead++;
            WholeProjectionAfterKeptRankings = BuildWholeAfterRequestsAsync(generation, topology, filter, [.. kept.Values], cancellationToken);
            _ = WholeProjectionAfterKeptRankings
                .ContinueWith(build => build.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return null;
        }

        GraphProjection whole;
        try
        {
            whole = (await BuildAsync(topology, filter, cancellationToken)).Projection;
        }
        catch (ProjectionTooLargeException)
        {
            // Every request for it gets PROJECTION_TOO_LARGE, as it would without preparing.
            return null;
        }

        var toKeep = new Dictionary<string, Ranking>(StringComparer.Ordinal);
        foreach (var (key, recipe) in held)
        {
            if (kept.TryGetValue(key, out var keptRanking))
            {
                WholeCache.Prefill(generation, key, keptRanking, keptRanking.EstimatedBytes);
                continue;
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(_options.TimeLimit);
            try
            {
                var result = await Task.Run(() => AnalyticsTelemetry.Timed("prepare", () => recipe.Compute(whole, limit.Token)), limit.Token);
                if (result is Ranking ranking && recipe.Kept is { } name)
                {
                    _ = ranking.Scores;
                    toKeep[name] = ranking;
                }

                WholeCache.Prefill(generation, key, result, EstimatedBytes(result, whole));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Over the time limit: the request that asks gets ANALYTICS_TIME_LIMIT, as it would have.
            }
        }

        if (fingerprint is not null && toKeep.Count > 0)
        {
            _keptRankings!.TryWrite(fingerprint, topology, toKeep);
        }

        return whole;
    }

    /// <summary>The results worth computing ahead on the whole-graph projection; recipes no longer held are forgotten.</summary>
    private List<(string Key, Recipe Recipe)> HeldRecipes(AnalyticsSnapshot? served, ProjectionFilter filter)
    {
        var held = new List<(string, Recipe)>();
        foreach (var (key, recipe) in _recipes.ToArray())
        {
            if ((recipe.Warm || (served is not null && WholeCache.Contains(served.Generation, key))) && recipe.Filter.Equals(filter))
            {
                held.Add((key, recipe));
            }
            else
            {
                // Not held any more (or on another projection, built on demand): not worth computing ahead.
                _recipes.TryRemove(KeyValuePair.Create(key, recipe));
            }
        }

        return held;
    }

    /// <summary>
    /// The topology's fingerprint and the held results the rankings file keeps for it (by cache key); none when no file
    /// is kept, or when the whole graph is over the size limit (the request must get PROJECTION_TOO_LARGE, as without one).
    /// </summary>
    private (byte[]? Fingerprint, Dictionary<string, Ranking> Kept) ReadKept(GraphTopology topology, List<(string Key, Recipe Recipe)> held)
    {
        var kept = new Dictionary<string, Ranking>(StringComparer.Ordinal);
        if (_keptRankings is null || !held.Exists(h => h.Recipe.Kept is not null) || (long)topology.NodeCount + topology.RelationshipCount > _options.MaxProjectionSize)
        {
            return (null, kept);
        }

        var fingerprint = KeptRankingsFormat.Fingerprint(topology);
        foreach (var (key, recipe) in held)
        {
            if (recipe.Kept is { } name && _keptRankings.TryRead(fingerprint, topology, name) is { } ranking)
            {
                kept[key] = ranking;
            }
        }

        return (fingerprint, kept);
    }

    /// <summary>
    /// The whole-graph projection of a snapshot served from kept rankings, built once the requests in flight (those
    /// that waited for the snapshot) are answered; a request that needs it sooner builds it itself, and this joins it.
    /// The rankings' key lookups (what a query sorting or filtering a whole kind by a score reads) are made first, also
    /// after those requests: a first page by a score alone, the usual first analytics question, does not need them
    /// (<see cref="RankedFirstPage"/>), and at 1M they cost a dictionary of every entity before the first answer.
    /// </summary>
    private async Task BuildWholeAfterRequestsAsync((long Id, CancellationToken Retired) generation, GraphTopology topology, ProjectionFilter filter,
        IReadOnlyList<Ranking> rankings, CancellationToken cancellationToken)
    {
        await RequestsAnsweredAsync(cancellationToken);
        await Task.Run(() =>
        {
            foreach (var ranking in rankings)
            {
                _ = ranking.Scores;
            }
        }, cancellationToken);
        await WholeCache.GetOrComputeAsync(generation, "projection\n" + filter.CacheKey, token => BuildAsync(topology, filter, token), cancellationToken);
    }

    private static async Task<(GraphProjection Projection, long Size)> BuildAsync(GraphTopology topology, ProjectionFilter filter, CancellationToken cancellationToken)
    {
        var projection = await Task.Run(() => AnalyticsTelemetry.Build(topology, filter, cancellationToken), cancellationToken);
        return (projection, projection.EstimatedBytes);
    }

    /// <summary>Runs an analytics step, turning what the client can act on into coded errors.</summary>
    private async Task<T> Coded<T>(Func<Task<T>> step, CancellationToken cancellationToken)
    {
        try
        {
            return await step();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TradeGraphError(ErrorCodes.AnalyticsTimeLimit,
                $"The computation took longer than the limit of {_options.TimeLimit.TotalSeconds:0.#} s; narrow the projection (kinds, relationshipTypes, dates).");
        }
        catch (ProjectionTooLargeException tooLarge)
        {
            throw new TradeGraphError(ErrorCodes.ProjectionTooLarge, tooLarge.Message);
        }
        catch (InvalidProjectionArgumentException invalid)
        {
            throw Invalid(invalid);
        }
    }

    /// <summary>
    /// How a cached result is computed, kept to compute it again on the next snapshot (always, when <paramref name="Warm"/>);
    /// <paramref name="Kept"/> names it in the kept rankings file when it is kept there (<see cref="KeptRankings"/>).
    /// </summary>
    private sealed record Recipe(ProjectionFilter Filter, Func<GraphProjection, CancellationToken, object> Compute, bool Warm = false, string? Kept = null);
}
