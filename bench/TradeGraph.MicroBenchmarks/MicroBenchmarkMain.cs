using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace TradeGraph.MicroBenchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/TradeGraph.MicroBenchmarks -- --filter '*'</c> (BenchmarkDotNet's own options
/// follow the <c>--</c>). Every benchmark runs in this process with a short job: a generated benchmark project would be
/// built under the repository's strict Directory.Build.props, and the figures that matter here are the allocations,
/// which a short run measures exactly.
/// </summary>
public static class MicroBenchmarkMain
{
    public static void Main(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.JoinSummary);
        BenchmarkSwitcher.FromAssembly(typeof(MicroBenchmarkMain).Assembly).Run(args, config);
    }
}
