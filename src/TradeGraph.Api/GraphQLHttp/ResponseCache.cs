using System.ComponentModel.DataAnnotations;
using GraphQL;
using GraphQL.Transport;
using GraphQLParser.AST;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
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
/// response media type and the caller (keys may see different kinds) — and valid for one <see cref="GraphVersion"/>:
/// every committed write and every import moves the version on, so a cached answer is never older than the graph.
/// Mutations, subscriptions, answers with errors and cost reports are never cached.
/// </summary>
public sealed class ResponseCache(GraphVersion version, IOptions<ResponseCacheOptions> options) : IDisposable
{
    private readonly ResponseCacheOptions _options = options.Value;
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = options.Value.SizeLimitBytes });

    public bool Enabled => _options.Enabled;

    /// <summary>The cache key of a request, or null when such a request is not cached.</summary>
    public static string? KeyFor(GraphQLRequest request, string mediaType, string caller, IGraphQLTextSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(serializer);
        if (request.Query is null || request.DocumentId is not null)
        {
            return null;
        }

        var variables = request.Variables is { Count: > 0 } inputs ? serializer.Serialize(inputs) : "";
        return string.Join('\u0001', mediaType, caller, request.OperationName ?? "", variables, request.Query);
    }

    /// <summary>The cached response for the current graph, if any.</summary>
    public byte[]? Find(string key)
    {
        var current = version.Value;
        return _entries.TryGetValue(key, out Entry? entry) && entry!.Version == current ? entry.Body : null;
    }

    /// <summary>Keeps a successful query's response for the graph version it was computed on.</summary>
    public void Keep(string key, long computedAt, ExecutionResult result, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(body);
        if (result.Executed && result.Errors is not { Count: > 0 } && result.Operation?.Operation == OperationType.Query
            && body.Length <= _options.MaxEntryBytes && computedAt == version.Value)
        {
            _entries.Set(key, new Entry(computedAt, body), new MemoryCacheEntryOptions { Size = body.Length + (key.Length * 2L) });
        }
    }

    /// <summary>The graph version now: read before executing, so an answer computed across a write is not kept.</summary>
    public long Version => version.Value;

    public void Dispose() => _entries.Dispose();

    private sealed record Entry(long Version, byte[] Body);
}
