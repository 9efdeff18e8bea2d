using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using GraphQL;
using GraphQL.Transport;
using GraphQLParser.AST;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using TradeGraph.Api.Analytics;
using TradeGraph.Api.Security;
using TradeGraph.Core.Telemetry;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>Settings of <see cref="ResponseCache"/>.</summary>
public sealed class ResponseCacheOptions
{
    public const string SectionName = "GraphQL:ResponseCache";

    /// <summary>Whether successful query responses are kept and served again until the graph changes.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Most bytes all cached responses may take together; the least recently used go first.</summary>
    [Range(1_024, long.MaxValue)]
    public long SizeLimitBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Larger responses are not cached (they would crowd out many small ones).</summary>
    [Range(1, int.MaxValue)]
    public int MaxEntryBytes { get; set; } = 256 * 1024;
}

/// <summary>
/// The response bytes of successful queries, keyed by what decides them — the document, operation name, variables, the
/// response media type and the caller's partition (<see cref="Caller.Partition"/>) — and valid for one <see cref="GraphVersion"/>:
/// every committed write and every import moves the version on, so a cached answer is never older than the graph.
/// Mutations, subscriptions, answers with errors and cost reports are never cached. An entry keeps its operation type,
/// so the endpoint asks the access rule about the current caller before serving it; a change of the security settings
/// at run time empties the cache.
/// </summary>
public sealed class ResponseCache : IDisposable
{
    private readonly GraphVersion _version;
    private readonly ResponseCacheOptions _options;
    private readonly MemoryCache _entries;
    private readonly IDisposable? _securityChanges;
    private readonly AnalyticsService _analytics;

    public ResponseCache(GraphVersion version, IOptions<ResponseCacheOptions> options, IOptionsMonitor<SecurityOptions> security, AnalyticsService analytics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(security);
        _version = version;
        _analytics = analytics;
        _options = options.Value;
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.SizeLimitBytes });
        _securityChanges = security.OnChange(_ => Clear());
    }

    public bool Enabled => _options.Enabled;

    /// <summary>The cache key of a request, or null when such a request is not cached.</summary>
    public static string? KeyFor(GraphQLRequest request, string mediaType, string partition, IGraphQLTextSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(serializer);
        if (request.Query is null || request.DocumentId is not null)
        {
            return null;
        }

        var variables = request.Variables is { Count: > 0 } inputs ? serializer.Serialize(inputs) : "";
        return string.Join('\u0001', mediaType, partition, request.OperationName ?? "", variables, request.Query);
    }

    /// <summary>The cached response for the current graph, if any, with the type of its operation (for the access check).</summary>
    public (byte[] Body, OperationType Operation)? Find(string key)
    {
        var current = _version.Value;
        var found = _entries.TryGetValue(key, out Entry? entry) && entry!.Version == current;
        TradeGraphTelemetry.CacheLookups.Add(1, new TagList { { "cache", "response" }, { "outcome", found ? "hit" : "miss" } });
        return found ? (entry!.Body, entry.Operation) : null;
    }

    /// <summary>How many answers are kept (tests prove with it that nothing was cached).</summary>
    public long Count => _entries.Count;

    /// <summary>Drops every entry: the rules that let callers see them may have changed.</summary>
    public void Clear() => _entries.Clear();

    /// <summary>
    /// Whether an answer may be kept (and, over GET, tagged): an executed query without errors, and not a semantic answer given
    /// while vectors were missing (a background embedding does not move the graph version the entry is kept for).
    /// </summary>
    public static bool IsKeepable(ExecutionResult result) =>
        result is { Executed: true, Errors: not { Count: > 0 } } && result.Operation?.Operation == OperationType.Query
        && result.Extensions?.ContainsKey(Semantic.SemanticCoverage.ExtensionKey) != true;

    /// <summary>Keeps a successful query's response for the graph version it was computed on.</summary>
    public void Keep(string key, long computedAt, ExecutionResult result, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(body);
        if (IsKeepable(result) && body.Length <= _options.MaxEntryBytes && computedAt == _version.Value)
        {
            _entries.Set(key, new Entry(computedAt, body, OperationType.Query), new MemoryCacheEntryOptions { Size = body.Length + (key.Length * 2L) });
        }
    }

    /// <summary>
    /// The graph version now: read before executing, so an answer computed across a write is not kept. While the
    /// analytics snapshot is behind it (a write being caught up with in the background), a version no answer is kept
    /// for: an analytics answer from the previous snapshot must not be served again once the new one is.
    /// </summary>
    public long Version => _version.Value is var now && _analytics.Snapshot?.GraphVersion < now ? NotKept : now;

    private const long NotKept = -1;

    public void Dispose()
    {
        _securityChanges?.Dispose();
        _entries.Dispose();
    }

    private sealed record Entry(long Version, byte[] Body, OperationType Operation);
}
