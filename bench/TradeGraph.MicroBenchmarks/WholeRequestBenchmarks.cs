using BenchmarkDotNet.Attributes;
using TradeGraph.Api.Tests.Performance;

namespace TradeGraph.MicroBenchmarks;

/// <summary>
/// A whole request in process for each workload: HTTP on the test server, the document cache (hit), validation, the
/// store on the seed data, serialization. The regression guard measures the same thing; this says where time goes too.
/// </summary>
[MemoryDiagnoser]
public class WholeRequestBenchmarks : IDisposable
{
    private InProcessServer? _server;
    private byte[] _body = [];

    public static IEnumerable<string> WorkloadNames => Workloads.Names;

    [ParamsSource(nameof(WorkloadNames))]
    public string Workload { get; set; } = Workloads.KeyLookup;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = new InProcessServer();
        _body = Workloads.Get(Workload).Body;
        await _server.PostAsync(_body);
    }

    [Benchmark]
    public Task<byte[]> Request() => _server!.PostAsync(_body);

    [GlobalCleanup]
    public void Dispose()
    {
        _server?.Dispose();
        _server = null;
        GC.SuppressFinalize(this);
    }
}
