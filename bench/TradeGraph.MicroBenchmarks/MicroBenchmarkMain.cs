using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace TradeGraph.MicroBenchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/TradeGraph.MicroBenchmarks -- --filter '*'</c> (BenchmarkDotNet's own options
/// follow the <c>--</c>); <c>-- --allocations WORKLOAD</c> prints the workload's allocations by type instead. Every benchmark runs in this process with a short job: a generated benchmark project would be
/// built under the repository's strict Directory.Build.props, and the figures that matter here are the allocations,
/// which a short run measures exactly.
/// </summary>
public static class MicroBenchmarkMain
{
    public static async Task Main(string[] args)
    {
        if (args is ["--allocations", var workload, ..])
        {
            await AllocationProfile.RunAsync(workload, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3000);
            return;
        }

        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.JoinSummary);
        BenchmarkSwitcher.FromAssembly(typeof(MicroBenchmarkMain).Assembly).Run(args, config);
    }
}
