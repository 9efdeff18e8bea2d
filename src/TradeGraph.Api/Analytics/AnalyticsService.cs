using Microsoft.Extensions.Options;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Analytics;

/// <summary>
/// Projections for the analytics fields, built from the store (either backend) and kept, with the results computed on
/// them, in caches bounded by nodes + relationships (<see cref="AnalyticsOptions.CacheBudget"/>) until the graph changes:
/// every committed write moves the <see cref="GraphVersion"/> on and drops what the older version kept. Every filter is
/// checked against the model before anything is built; every build and computation runs under the time limit.
/// </summary>
public sealed class AnalyticsService : IScoreSource, IDisposable
{
    /// <summary>
    /// The projection entity scores (<c>Official.pageRank</c>, sorting and filtering by a score) are computed on, the
    /// same as <c>centrality</c> with no projection arguments: the whole graph, relationships walked either way.
    /// </summary>
    public static ProjectionFilter EntityScoreProjection { get; } = new() { Direction = EdgeDirection.Undirected };

    private readonly IGraphStore _store;
    private readonly GraphModel _model;
    private readonly GraphVersion _graphVersion;
    private readonly AnalyticsOptions _options;
    private readonly Lock _topologyLock = new();
    private (long Version, Task<GraphDocument> Read)? _topology;

    public AnalyticsService(IGraphStore store, GraphModel model, GraphVersion graphVersion, IOptions<AnalyticsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _model = model;
        _graphVersion = graphVersion;
        _options = options.Value;
        WholeCache = new AnalyticsCache(_options.CacheBudget, graphVersion, _options.TimeLimit);
        WindowedOrWeightedCache = new AnalyticsCache(_options.WindowedOrWeightedCacheBudget, graphVersion, _options.TimeLimit);
    }

    public AnalyticsOptions Options => _options;

    /// <summary>Projections with no date window and no weight, and what is computed on them.</summary>
    internal AnalyticsCache WholeCache { get; }

    /// <summary>
    /// Projections with a date window or a weight property, and what is computed on them: shapes a client can vary at
    /// will (any pair of days), kept apart on a small budget so they never push the whole-graph projections out.
    /// </summary>
    internal AnalyticsCache WindowedOrWeightedCache { get; }

    /// <summary>
    /// <see cref="RunAsync{T}"/>, remembered per algorithm and projection until the graph changes: every entity asking
    /// for its community, or a second page of a ranking, reuses one computation (and concurrent askers share it).
    /// </summary>
    public Task<T> RunCachedAsync<T>(string algorithm, ProjectionFilter filter, Func<GraphProjection, CancellationToken, T> compute,
        CancellationToken cancellationToken)
        where T : class
    {
        return Coded(() =>
        {
            var admitted = Admit(filter);
            return CacheFor(admitted).GetOrComputeAsync(algorithm + "\n" + admitted.CacheKey, async token =>
            {
                var projection = await CachedProjectionAsync(admitted, token);
                return (await Task.Run(() => compute(projection, token), token), (long)projection.NodeCount);
            }, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>A centrality ranking of the projection, best first, computed once per graph version.</summary>
    public Task<Ranking> RankingAsync(string measure, ProjectionFilter filter, CancellationToken cancellationToken)
    {
        var sample = _options.BetweennessSampleSize;
        return RunCachedAsync(measure, filter, (p, token) => measure switch
        {
            "degree" => p.Degree(null, token),
            "pagerank" => p.PageRank(null, token),
            "betweenness" => p.Betweenness(new BetweennessOptions { SampleSize = sample == 0 || p.NodeCount <= sample ? null : sample }, token),
            "closeness" => p.Closeness(null, token),
            _ => throw new ArgumentException($"'{measure}' is not a centrality measure.", nameof(measure)),
        }, cancellationToken);
    }

    /// <summary>Loads the scores a query sorts or filters entities by, over <see cref="EntityScoreProjection"/>.</summary>
    public async Task LoadAsync(ScoreTable table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.Load((await RankingAsync(table.Measure, EntityScoreProjection, cancellationToken)).Scores);
    }

    /// <summary>Runs <paramref name="compute"/> on the projection under the time limit; over it, a coded error.</summary>
    public Task<T> RunAsync<T>(ProjectionFilter filter, Func<GraphProjection, CancellationToken, T> compute, CancellationToken cancellationToken) =>
        Coded(async () =>
        {
            var admitted = Admit(filter);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(_options.TimeLimit);
            var projection = await CachedProjectionAsync(admitted, limit.Token);
            return await Task.Run(() => compute(projection, limit.Token), limit.Token);
        }, cancellationToken);

    public void Dispose()
    {
        WholeCache.Dispose();
        WindowedOrWeightedCache.Dispose();
    }

    /// <summary>The filter as it will be built: checked against the model (a bad argument builds nothing), with the size limit.</summary>
    private ProjectionFilter Admit(ProjectionFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        filter.Validate(_model);
        return filter with { MaxSize = _options.MaxProjectionSize };
    }

    private AnalyticsCache CacheFor(ProjectionFilter filter) =>
        filter.DateWindow is null && filter.WeightProperty is null ? WholeCache : WindowedOrWeightedCache;

    /// <summary>Whether the graph's shape (the whole graph, the source of every projection) is held now.</summary>
    internal bool HoldsTopology
    {
        get
        {
            lock (_topologyLock)
            {
                return _topology is not null;
            }
        }
    }

    /// <summary>The projection for <paramref name="filter"/> at the current version, built once however many ask at once.</summary>
    private Task<GraphProjection> CachedProjectionAsync(ProjectionFilter filter, CancellationToken cancellationToken) =>
        CacheFor(filter).GetOrComputeAsync("projection\n" + filter.CacheKey, async token =>
        {
            var document = await TopologyAsync().WaitAsync(token);
            var projection = await Task.Run(() => GraphProjection.Build(document, filter, token), token);
            return (projection, projection.Size);
        }, cancellationToken);

    /// <summary>
    /// The graph's shape at the current version, read once however many projections are built from it, and let go
    /// (it is the whole graph) as soon as the version moves on.
    /// </summary>
    private Task<GraphDocument> TopologyAsync()
    {
        var (version, movedOn) = _graphVersion.Current;
        Task<GraphDocument> read;
        lock (_topologyLock)
        {
            if (_topology is { } topology && topology.Version == version && !topology.Read.IsFaulted && !topology.Read.IsCanceled)
            {
                return topology.Read;
            }

            // Read with no caller's token, as the projections it serves outlive the request that asked first.
            read = _store.ReadTopologyAsync(CancellationToken.None);
            _topology = (version, read);
        }

        movedOn.Register(() => ForgetTopology(version));
        return read;
    }

    private void ForgetTopology(long version)
    {
        lock (_topologyLock)
        {
            if (_topology?.Version == version)
            {
                _topology = null;
            }
        }
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
            throw new TradeGraphError(ErrorCodes.InvalidArgument, invalid.Message);
        }
    }
}
