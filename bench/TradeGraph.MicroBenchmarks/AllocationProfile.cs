using System.Diagnostics.Tracing;
using System.Globalization;
using TradeGraph.Api.Tests.Performance;

namespace TradeGraph.MicroBenchmarks;

/// <summary>
/// <c>-- --allocations WORKLOAD [REQUESTS]</c>: sends the workload many times in process and prints which types its
/// allocations are, from the runtime's allocation samples (GCAllocationTick: one event about every 100 KB, naming the
/// type that crossed the mark), so the biggest allocators show without a profiler.
/// </summary>
internal static class AllocationProfile
{
    public static async Task RunAsync(string workloadName, int requests)
    {
        var workload = Workloads.Get(workloadName);
        using var server = new InProcessServer();
        for (var i = 0; i < 500; i++)
        {
            await server.PostAsync(workload.Body);
        }

        using var sampler = new AllocationSampler();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < requests; i++)
        {
            await server.PostAsync(workload.Body);
        }

        var perRequest = (GC.GetTotalAllocatedBytes(precise: true) - before) / requests;
        var wallMicroseconds = clock.Elapsed.TotalMicroseconds / requests;
        var cpuMicroseconds = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMicroseconds / requests;
        await Task.Delay(1000); // the listener receives events on its own thread, a little late
        var samples = sampler.Samples();
        var total = samples.Sum(s => s.Value);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{workloadName}: {perRequest:N0} bytes, {wallMicroseconds:F0} µs wall, {cpuMicroseconds:F0} µs CPU per request over {requests} requests (sequential); {total} allocation samples by type:"));
        foreach (var (type, count) in samples.OrderByDescending(s => s.Value).Take(30))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{100.0 * count / total,6:F1}%  {type}"));
        }
    }

    private sealed class AllocationSampler : EventListener
    {
        private readonly Lock _sync = new();
        private readonly Dictionary<string, int> _samples = [];

        public Dictionary<string, int> Samples()
        {
            lock (_sync)
            {
                return new Dictionary<string, int>(_samples);
            }
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                // GC keyword (0x1) at verbose level carries the allocation ticks.
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.PayloadNames is null)
            {
                return;
            }

            var index = eventData.PayloadNames.IndexOf("TypeName");
            var type = index >= 0 ? eventData.Payload?[index] as string ?? "?" : "?";
            // The base constructor can deliver events before this class's fields are set.
            if (_sync is null)
            {
                return;
            }

            lock (_sync)
            {
                _samples[type] = _samples.GetValueOrDefault(type) + 1;
            }
        }
    }
}
