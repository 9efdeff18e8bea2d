using System.Globalization;
using BenchmarkDotNet.Attributes;
using GraphQL.Transport;
using TradeGraph.Api.Tests.Performance;

namespace TradeGraph.MicroBenchmarks;

/// <summary>
/// The request runner (IDocumentExecuter with the DocumentCache) on a repeated document, against the same document made
/// new by a comment each time, which the cache has never seen: the difference is parsing and validation.
/// </summary>
[MemoryDiagnoser]
public class DocumentCacheBenchmarks : IDisposable
{
    private InProcessServer? _server;
    private Workload _workload = null!;
    private GraphQLRequest _cached = null!;
    private long _fresh;

    [Params(Workloads.KeyLookup, Workloads.Nested)]
    public string Workload { get; set; } = Workloads.KeyLookup;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = new InProcessServer();
        _workload = Workloads.Get(Workload);
        _cached = _server.Request(_workload);
        await _server.ExecuteAsync(_cached);
    }

    [Benchmark(Baseline = true)]
    public Task CacheHit() => _server!.ExecuteAsync(_cached);

    [Benchmark]
    public Task CacheMiss()
    {
        var query = _workload.Query + "\n# " + (++_fresh).ToString(CultureInfo.InvariantCulture);
        return _server!.ExecuteAsync(new GraphQLRequest { Query = query, Variables = _cached.Variables });
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _server?.Dispose();
        _server = null;
        GC.SuppressFinalize(this);
    }
}
