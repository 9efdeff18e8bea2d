using BenchmarkDotNet.Attributes;
using GraphQL;
using TradeGraph.Api.Tests.Performance;

namespace TradeGraph.MicroBenchmarks;

/// <summary>
/// Writing the nested workload's ExecutionResult as UTF-8 JSON: on the seed (3 meetings, a 2 KB answer) and on the
/// synthetic trade graph of 10,000 relationships (20 meetings × 10 participants × country, the shape the bench measures).
/// </summary>
[MemoryDiagnoser]
public class SerializationBenchmarks : IDisposable
{
    private readonly MemoryStream _stream = new();
    private InProcessServer? _server;
    private ExecutionResult _result = null!;

    [Params("seed", "synthetic-10k")]
    public string Data { get; set; } = "seed";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = new InProcessServer(Data == "seed" ? null : SyntheticData.Generate(10_000));
        _result = await _server.ExecuteAsync(_server.Request(Workloads.Get(Workloads.Nested)));
        await WriteNestedResult();
    }

    [Benchmark]
    public async Task<long> WriteNestedResult()
    {
        _stream.SetLength(0);
        await _server!.Serializer.WriteAsync(_stream, _result);
        return _stream.Length;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _server?.Dispose();
        _server = null;
        _stream.Dispose();
        GC.SuppressFinalize(this);
    }
}
