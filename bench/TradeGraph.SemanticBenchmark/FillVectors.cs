using System.Diagnostics;
using TradeGraph.Core.Model;
using TradeGraph.Core.Semantic;
using TradeGraph.Storage.Sqlite;

/// <summary>
/// Fills a COPY of a store with stand-in vectors under MiniLM's model id (`-- fill-vectors path/to/copy.db`): random unit
/// vectors, one per entity, saved by the real refresher with the real fingerprints, so a server on the copy scans a full
/// index at 1M without the hours MiniLM needs on 2 cores. Rankings are meaningless; the search's cost is the real one.
/// </summary>
internal static class FillVectors
{
    public static async Task RunAsync(string path)
    {
        using var store = new SqliteGraphStore(new SqliteStoreOptions { Path = path }, TradeModel.Define());
        await store.InitializeAsync(CancellationToken.None);
        var started = Stopwatch.GetTimestamp();
        var stored = await new EmbeddingRefresher(store, new RandomVectors(), batchSize: 2048).RefreshAsync(null, null, CancellationToken.None);
        Console.WriteLine($"stored {stored} stand-in vectors in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s");
    }

    private sealed class RandomVectors : ITextEmbedder
    {
        public string ModelId => "all-MiniLM-L6-v2";

        public int Dimensions => 384;

        public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
            Task.FromResult(texts.Select(t =>
            {
                var random = new Random((int)EmbeddedText.Fingerprint(t));
                var vector = new float[Dimensions];
                for (var d = 0; d < vector.Length; d++)
                {
                    vector[d] = (float)(random.NextDouble() - 0.5);
                }

                var norm = MathF.Sqrt(vector.Sum(v => v * v));
                return vector.Select(v => v / norm).ToArray();
            }).ToArray());
    }
}
