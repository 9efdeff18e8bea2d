namespace TradeGraph.Core.Semantic;

/// <summary>A key's fused score and its rank in each ranking (1-based; null where that ranking does not hold it).</summary>
public sealed record FusedRank(string Key, double Score, int? TextRank, int? SemanticRank);

/// <summary>
/// Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): a key's score is the sum over the rankings that hold it of
/// 1 / (k + rank). Ranks, not scores, are fused, so BM25 and cosine need no common scale; k = 60 damps the top ranks so
/// agreement of both signals beats one signal's first place. Best first, ties by key.
/// </summary>
public static class ReciprocalRankFusion
{
    public const int DefaultK = 60;

    public static IReadOnlyList<FusedRank> Fuse(IReadOnlyList<string> textRanking, IReadOnlyList<string> semanticRanking, int k = DefaultK)
    {
        var ranks = new Dictionary<string, (int? Text, int? Semantic)>(StringComparer.Ordinal);
        for (var i = 0; i < textRanking.Count; i++)
        {
            ranks.TryAdd(textRanking[i], (i + 1, null));
        }

        for (var i = 0; i < semanticRanking.Count; i++)
        {
            var key = semanticRanking[i];
            ranks[key] = ranks.TryGetValue(key, out var found) ? (found.Text, found.Semantic ?? i + 1) : (null, i + 1);
        }

        return [.. ranks
            .Select(r => new FusedRank(r.Key, Contribution(r.Value.Text, k) + Contribution(r.Value.Semantic, k), r.Value.Text, r.Value.Semantic))
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.Key, StringComparer.Ordinal)];
    }

    private static double Contribution(int? rank, int k) => rank is { } r ? 1.0 / (k + r) : 0;
}
