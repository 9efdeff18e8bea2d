using BenchmarkDotNet.Attributes;
using GraphQL;
using TradeGraph.Api.Tests.Performance;

namespace TradeGraph.MicroBenchmarks;

/// <summary>Writing the nested workload's ExecutionResult (20 meetings × up to 10 participants × country) as UTF-8 JSON.</summary>
[MemoryDiagnoser]
public class SerializationBenchmarks : IDisposable
{
    private readonly MemoryStream _stream = new();
    private InProcessServer? _server;
    private ExecutionResult _result = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = new InProcessServer();
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
