using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Analytics;

/// <summary>
/// Projections for the analytics fields, built from the store (either backend) and cached per filter until the graph
/// changes: every committed write moves the <see cref="GraphVersion"/> on, and a cached projection of an older version
/// is rebuilt on next use. Runs each computation under the time limit.
/// </summary>
public sealed class AnalyticsService(IGraphStore store, GraphVersion graphVersion, IOptions<AnalyticsOptions> options) : IScoreSource
{
    /// <summary>
    /// The projection entity scores (<c>Official.pageRank</c>, sorting and filtering by a score) are computed on, the
    /// same as <c>centrality</c> with no projection arguments: the whole graph, relationships walked either way.
    /// </summary>
    public static ProjectionFilter EntityScoreProjection { get; } = new() { Direction = EdgeDirection.Undirected };

    private readonly IGraphStore _store = store;
    private readonly AnalyticsOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, (long Version, Lazy<Task<GraphProjection>> Projection)> _projections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long Version, object Result)> _results = new(StringComparer.Ordinal);
    private readonly Lock _topologyLock = new();
    private (long Version, Task<GraphDocument> Read)? _topology;

    public AnalyticsOptions Options => _options;

    private long Version => graphVersion.Value;

    /// <summary>The projection for <paramref name="filter"/> at the current version, built once however many ask at once.</summary>
    public async Task<GraphProjection> ProjectionAsync(ProjectionFilter filter, CancellationToken cancellationToken)
    {
        filter = filter with { MaxSize = _options.MaxProjectionSize };
        var version = Version;
        var entry = _projections.AddOrUpdate(filter.CacheKey,
            _ => (version, Build()),
            (_, cached) => cached.Version == version && !cached.Projection.Value.IsFaulted && !cached.Projection.Value.IsCanceled ? cached : (version, Build()));
        return await entry.Projection.Value.WaitAsync(cancellationToken);

        // Built with no caller's token: a projection outlives the request that asked first.
        Lazy<Task<GraphProjection>> Build() => new(async () => GraphProjection.Build(await TopologyAsync(version), filter, CancellationToken.None));
    }

    /// <summary>The graph's shape at <paramref name="version"/>, read once however many projections are built from it.</summary>
    private Task<GraphDocument> TopologyAsync(long version)
    {
        lock (_topologyLock)
        {
            if (_topology is not { } topology || topology.Version != version || topology.Read.IsFaulted || topology.Read.IsCanceled)
            {
                // Read with no caller's token, as the projections it serves outlive the request that asked first.
                _topology = topology = (version, _store.ReadTopologyAsync(CancellationToken.None));
            }

            return topology.Read;
        }
    }

    /// <summary>
    /// <see cref="RunAsync{T}"/>, remembered per algorithm and projection until the graph changes: every entity asking
    /// for its community, or a second page of a ranking, reuses one computation.
    /// </summary>
    public async Task<T> RunCachedAsync<T>(string algorithm, ProjectionFilter filter, Func<GraphProjection, CancellationToken, T> compute,
        CancellationToken cancellationToken)
        where T : class
    {
        var key = algorithm + "\n" + filter.CacheKey;
        var version = Version;
        if (_results.TryGetValue(key, out var cached) && cached.Version == version)
        {
            return (T)cached.Result;
        }

        var result = await RunAsync(filter, compute, cancellationToken);
        _results[key] = (version, result);
        return result;
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
    public async Task<T> RunAsync<T>(ProjectionFilter filter, Func<GraphProjection, CancellationToken, T> compute, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.TimeLimit);
        try
        {
            var projection = await ProjectionAsync(filter, limit.Token);
            return await Task.Run(() => compute(projection, limit.Token), limit.Token);
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
    }
}
