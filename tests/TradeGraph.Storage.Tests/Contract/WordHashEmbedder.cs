using TradeGraph.Core.Graph;
using TradeGraph.Core.Semantic;

namespace TradeGraph.Storage.Tests.Contract;

/// <summary>
/// A deterministic stand-in for a model, 384 dimensions as the vector index on Neo4j expects: each folded word adds ±1 to
/// one bucket, then the vector is normalised. The same text gives the same vector (cosine 1); texts sharing words are near.
/// </summary>
internal sealed class WordHashEmbedder : ITextEmbedder
{
    public string ModelId => "word-hash-384";

    public int Dimensions => 384;

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) => Task.FromResult(texts.Select(Embed).ToArray());

    private float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        foreach (var word in TextFolding.DistinctWords(text))
        {
            var hash = EmbeddedText.Fingerprint(word);
            vector[(int)((ulong)hash % (ulong)Dimensions)] += hash < 0 ? -1f : 1f;
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return norm == 0 ? vector : [.. vector.Select(v => v / norm)];
    }
}
