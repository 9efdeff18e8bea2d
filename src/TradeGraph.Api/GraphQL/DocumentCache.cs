using System.Diagnostics;
using GraphQL;
using GraphQL.DI;
using GraphQLParser.AST;
using Microsoft.Extensions.Caching.Memory;
using TradeGraph.Core.Telemetry;

namespace TradeGraph.Api.GraphQL;

/// <summary>
/// Keeps parsed and validated documents, keyed by their text, so a repeated query skips parsing and validation.
/// Only documents that passed validation are kept. Rules that depend on the request (the HTTP method) still run
/// on cached documents: they are the executer's CachedDocumentValidationRules.
/// </summary>
public sealed class DocumentCache : IConfigureExecution, IDisposable
{
    private readonly MemoryCache _documents = new(new MemoryCacheOptions { SizeLimit = 10_000_000 });
    private long _hits;
    private long _misses;

    /// <summary>Runs around execution (200), after the option configurations (100).</summary>
    public float SortOrder => 200;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Document is not null || options.Query is null)
        {
            return await next(options);
        }

        if (_documents.TryGetValue(options.Query, out GraphQLDocument? document) && document is not null)
        {
            Interlocked.Increment(ref _hits);
            TradeGraphTelemetry.CacheLookups.Add(1, new TagList { { "cache", "document" }, { "outcome", "hit" } });
            options.Document = document;
            options.ValidationRules = options.CachedDocumentValidationRules ?? [];
            return await next(options);
        }

        Interlocked.Increment(ref _misses);
        TradeGraphTelemetry.CacheLookups.Add(1, new TagList { { "cache", "document" }, { "outcome", "miss" } });
        var result = await next(options);
        if (result.Executed && result.Document is not null)
        {
            _documents.Set(options.Query, result.Document, new MemoryCacheEntryOptions { Size = Math.Max(options.Query.Length, 1) });
        }

        return result;
    }

    public void Dispose() => _documents.Dispose();
}
