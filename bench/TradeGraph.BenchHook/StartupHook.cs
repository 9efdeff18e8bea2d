using System.Globalization;

/// <summary>
/// Loaded by the runtime before Main when named in DOTNET_STARTUP_HOOKS (the runtime looks for this exact type name,
/// outside any namespace). Every 100 ms it writes the process's total allocated bytes and GC counts to the file named
/// by BENCH_ALLOC_FILE, so bench/ can divide the bytes allocated during a run by its requests without changing the
/// server under test or attaching a profiler; then the methods the JIT has compiled and its time in milliseconds, so
/// the warm-up can go on until tiered compilation is done (its thread's CPU counts in the process's CPU per request);
/// then the managed heap as it is now (garbage included: what a burst leaves until a collection) and the bytes the GC
/// had committed at its last collection and the collections' total pause time, so bench/memory.mjs can tell which analytics field lifts the heap.
/// </summary>
#pragma warning disable CA1050 // The startup hook contract requires a type in the global namespace.
internal static class StartupHook
#pragma warning restore CA1050
{
    public static void Initialize()
    {
        var path = Environment.GetEnvironmentVariable("BENCH_ALLOC_FILE");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var thread = new Thread(() => Report(path)) { IsBackground = true, Name = "bench-alloc-report" };
        thread.Start();
    }

    private static void Report(string path)
    {
        var temporary = path + ".tmp";
        while (true)
        {
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{GC.GetTotalAllocatedBytes(precise: false)} {GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)} "
                + $"{System.Runtime.JitInfo.GetCompiledMethodCount()} {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} "
                + $"{GC.GetTotalMemory(forceFullCollection: false)} {GC.GetGCMemoryInfo().TotalCommittedBytes} "
                + $"{GC.GetTotalPauseDuration().TotalMilliseconds:F0}\n");
            File.WriteAllText(temporary, line);
            File.Move(temporary, path, overwrite: true); // the reader never sees half a line
            Thread.Sleep(100);
        }
    }
}
