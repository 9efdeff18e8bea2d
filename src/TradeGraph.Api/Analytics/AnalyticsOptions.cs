using System.ComponentModel.DataAnnotations;

namespace TradeGraph.Api.Analytics;

/// <summary>Limits of the analytics fields (<c>Analytics</c> section).</summary>
public sealed class AnalyticsOptions
{
    public const string SectionName = "Analytics";

    /// <summary>Largest projection (nodes + relationships) an analytics field may build; more is PROJECTION_TOO_LARGE.</summary>
    [Range(1, int.MaxValue)]
    public int MaxProjectionSize { get; set; } = 3_000_000;

    /// <summary>
    /// Bytes the cached projections with no date window and no weight, and the rankings and communities computed on
    /// them, may hold together, by their own estimates of their arrays (plus a fixed overhead per entry). The least
    /// recently used go first. 160 MiB: at a million relationships, the whole-graph projection with its rows (~50 MB),
    /// a ranking per measure (~12 MB each with its score table) and a few narrower projections.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long CacheBudgetBytes { get; set; } = 160L << 20;

    /// <summary>
    /// The same budget for projections with a date window (<c>from</c>/<c>until</c>) or a weight property, and their
    /// results: any pair of days makes a new one, so they are kept apart, on a small budget, and never push out the
    /// whole-graph projections every score query needs.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long WindowedOrWeightedCacheBudgetBytes { get; set; } = 16L << 20;

    /// <summary>
    /// Read the graph's topology and build the whole-graph projection in the background as the server starts, so the
    /// first analytics request finds it ready (or joins the build running); startup never waits for it.
    /// </summary>
    public bool WarmOnStart { get; set; } = true;

    /// <summary>
    /// Keep the rankings computed ahead (PageRank over the whole graph) in a file beside the store's topology file
    /// (<c>&lt;store&gt;.topology.rankings</c>, SQLite with <c>Storage:Sqlite:TopologySnapshot</c> on), stamped with the
    /// topology's fingerprint, so a restart on the same graph serves them from the file at once instead of computing them.
    /// </summary>
    public bool KeepRankings { get; set; } = true;

    /// <summary>
    /// At start, other whole-graph work (the semantic index's stored vectors) waits this long at most for the first
    /// analytics snapshot to be served, so the first analytics answer does not share the CPU with it; 0 waits not at all.
    /// </summary>
    [Range(0, 600)]
    public int StartupWorkWaitSeconds { get; set; } = 30;

    /// <summary>
    /// After the first snapshot is served, start-up work no request waits for (the read model's build, the stored
    /// vectors, the whole-graph projection behind kept rankings) waits at most this long for the requests in flight to be
    /// answered, so the first answers do not share the CPU with it; 0 waits not at all. Counted in the process's CPU time
    /// (a loaded machine stretches the first answer's wall time, not its work), and at most ten times as long in wall time
    /// (a request held open on an otherwise idle server).
    /// </summary>
    [Range(0, 600)]
    public int StartupIdleWaitSeconds { get; set; } = 2;

    /// <summary>
    /// That start-up work begins only once no request has been in flight for this long (within
    /// <see cref="StartupIdleWaitSeconds"/>): a client that asks right after the first snapshot is served — before its
    /// request was in flight — is answered without sharing the CPU with it. 0: as soon as none is in flight.
    /// </summary>
    [Range(0, 10_000)]
    public int StartupQuietMilliseconds { get; set; } = 500;

    /// <summary>
    /// A path or neighbourhood query on a projection of at most this many nodes + relationships runs on the request's own
    /// thread: handing microseconds of work to another worker cost more than the work (decision 0017). Larger ones run
    /// on a worker, as every cached computation does. 0 hands every query over.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int InlineQuerySize { get; set; } = 100_000;

    /// <summary>Time limit for one analytics computation; over it, ANALYTICS_TIME_LIMIT.</summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Sources sampled for betweenness (exact Brandes is O(nm)); 0 means exact.</summary>
    [Range(0, int.MaxValue)]
    public int BetweennessSampleSize { get; set; } = 256;

    /// <summary>
    /// Nodes closeness measures distances to on a projection with more nodes (exact closeness is a search from every
    /// node, O(nm): past the time limit on a large graph); each score then estimates the exact one from the sample. 0 means exact.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int ClosenessSampleSize { get; set; } = 256;

    /// <summary>What one analytics field adds to an operation's estimated cost (the cost analysis limit applies).</summary>
    [Range(0, 1_000_000)]
    public double FieldCost { get; set; } = 1000;
}
