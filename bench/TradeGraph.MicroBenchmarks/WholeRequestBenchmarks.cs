using BenchmarkDotNet.Attributes;
using TradeGraph.Api.Tests.Performance;

namespace TradeGraph.MicroBenchmarks;

/// <summary>
/// A whole request in process for each workload: HTTP on the test server, the document cache (hit), validation, the
/// store on the seed data (and the nested one on the synthetic graph too), serialization. The regression guard measures the same thing; this says where time goes too.
/// </summary>
[MemoryDiagnoser]
public class WholeRequestBenchmarks : IDisposable
{
    private InProcessServer? _server;
    private byte[] _body = [];

    /// <summary>The nested workload on the synthetic trade graph (10,000 relationships): 20 meetings × 10 participants.</summary>
    public const string NestedSynthetic = "nested-10k";

    public static IEnumerable<string> WorkloadNames => Workloads.Names.Append(NestedSynthetic);

    [ParamsSource(nameof(WorkloadNames))]
    public string Workload { get; set; } = Workloads.KeyLookup;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = Workload == NestedSynthetic ? new InProcessServer(SyntheticData.Generate(10_000)) : new InProcessServer();
        _body = Workloads.Get(Workload == NestedSynthetic ? Workloads.Nested : Workload).Body;
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
