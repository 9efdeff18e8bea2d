using TradeGraph.Core.Graph;
using TradeGraph.Core.Semantic;

namespace TradeGraph.Api.Semantic;

/// <summary>
/// A deterministic stand-in for a model: each folded word adds ±1 to one of 384 buckets (by a stable hash), then the vector
/// is normalised. Texts sharing words are near; meaning plays no part. For tests of plumbing, paging and staleness.
/// </summary>
internal sealed class HashingTextEmbedder : ITextEmbedder
{
    public string ModelId => "hashing-384";

    public int Dimensions => 384;

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        Task.FromResult(texts.Select(Embed).ToArray());

    private float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        foreach (var word in TextFolding.DistinctWords(text))
        {
            var hash = EmbeddedText.Fingerprint(word);
            vector[(int)((ulong)hash % (ulong)Dimensions)] += (hash & 1L << 40) == 0 ? 1f : -1f;
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm > 0)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] /= norm;
            }
        }

        return vector;
    }
}
