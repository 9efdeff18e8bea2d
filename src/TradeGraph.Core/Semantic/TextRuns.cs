namespace TradeGraph.Core.Semantic;

/// <summary>
/// Texts to embed, planned as runs for a model: each distinct text once (generated and curated graphs repeat texts), in
/// runs of like length, shortest first — a model run pads every text to its longest, so one long description among short
/// names made the whole run cost as much as the longest. Each run's vectors are <see cref="Put"/> back; <see cref="Vectors"/>
/// gives one per text, in the texts' order.
/// </summary>
public sealed class TextRuns
{
    private readonly IReadOnlyList<string> _texts;
    private readonly Dictionary<string, float[]> _vectors;

    public TextRuns(IReadOnlyList<string> texts, int runSize)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(runSize);
        _texts = texts;
        var distinct = texts.Distinct(StringComparer.Ordinal).OrderBy(t => t.Length).ToArray();
        _vectors = new Dictionary<string, float[]>(distinct.Length, StringComparer.Ordinal);
        Runs = distinct.Chunk(runSize).ToArray();
    }

    /// <summary>The runs to embed, shortest texts first; no text in two runs.</summary>
    public IReadOnlyList<string[]> Runs { get; }

    /// <summary>Records a run's vectors, one per text of the run, in its order.</summary>
    public void Put(string[] run, float[][] vectors)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(vectors);
        for (var i = 0; i < run.Length; i++)
        {
            _vectors[run[i]] = vectors[i];
        }
    }

    /// <summary>One vector per text given, in order (a repeated text shares its vector).</summary>
    public float[][] Vectors() => [.. _texts.Select(t => _vectors[t])];
}
