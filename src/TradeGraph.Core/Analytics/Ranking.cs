using System.Collections;

namespace TradeGraph.Core.Analytics;

/// <summary>A node's score under a centrality measure and its rank (1 = best; equal scores share a rank).</summary>
public sealed record NodeScore(string Key, string Kind, double Score, int Rank);

/// <summary>
/// Scores of a projection's nodes, best first, ties by key; look one up by key to sort or filter entities by it.
/// Ranks are competition ranks (1, 2, 2, 4): scores equal to 12 significant digits tie, so rounding noise in
/// iterative algorithms does not split nodes that are equal in exact arithmetic.
/// </summary>
public sealed class Ranking : IReadOnlyList<NodeScore>
{
    private readonly NodeScore[] _scores;
    private readonly Dictionary<string, NodeScore> _byKey;
    private IReadOnlyDictionary<string, double>? _scoresByKey;

    private Ranking(NodeScore[] scores, int iterations, bool converged)
    {
        _scores = scores;
        _byKey = scores.ToDictionary(s => s.Key, StringComparer.Ordinal);
        Iterations = iterations;
        Converged = converged;
    }

    /// <summary>Iterations an iterative measure (PageRank) ran; 0 for the others.</summary>
    public int Iterations { get; }

    /// <summary>False when an iterative measure stopped at its iteration limit before reaching its tolerance.</summary>
    public bool Converged { get; }

    public int Count => _scores.Length;

    public NodeScore this[int index] => _scores[index];

    /// <summary>The score of an entity, if the ranking has it.</summary>
    public bool TryGet(string key, out NodeScore score) => _byKey.TryGetValue(key, out score!);

    /// <summary>The score of an entity, or null when the ranking does not have it.</summary>
    public double? ScoreOf(string key) => _byKey.TryGetValue(key, out var score) ? score.Score : null;

    /// <summary>Every score by key, made once: what a query sorting or filtering entities by this measure looks up.</summary>
    public IReadOnlyDictionary<string, double> Scores =>
        LazyInitializer.EnsureInitialized(ref _scoresByKey, () => _byKey.ToDictionary(p => p.Key, p => p.Value.Score, StringComparer.Ordinal));

    /// <summary>
    /// How many entries come before or at (<paramref name="score"/>, <paramref name="key"/>) in the ranking's order
    /// (best score first, ties by key): where a page after a cursor made from that entry starts, even once the entry
    /// itself has gone from a newer ranking.
    /// </summary>
    public int PositionAfter(double score, string key)
    {
        var rounded = Round(score);
        int low = 0, high = _scores.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            var entry = _scores[middle];
            var byScore = rounded.CompareTo(Round(entry.Score));
            var comesAfter = byScore < 0 || (byScore == 0 && string.CompareOrdinal(entry.Key, key) <= 0);
            if (comesAfter)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>The nodes of some kinds only, ranked among themselves (the best official is rank 1).</summary>
    public Ranking OfKinds(IReadOnlyCollection<string> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        return Where(s => kinds.Contains(s.Kind));
    }

    /// <summary>The nodes a predicate keeps, ranked among themselves.</summary>
    public Ranking Where(Func<NodeScore, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Rank([.. _scores.Where(predicate).Select(s => (s.Key, s.Kind, s.Score))], Iterations, Converged);
    }

    public IEnumerator<NodeScore> GetEnumerator() => ((IEnumerable<NodeScore>)_scores).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Ranks the nodes of a projection by their scores (indexed by node id).</summary>
    internal static Ranking Of(GraphProjection projection, double[] scores, int iterations = 0, bool converged = true) =>
        Rank([.. Enumerable.Range(0, projection.NodeCount).Select(v => (projection.Key(v), projection.Kind(v), scores[v]))], iterations, converged);

    /// <summary>A ranking already in order, its ranks given (what <see cref="KeptRankingsFormat"/> checked as it read it).</summary>
    internal static Ranking FromRanked(NodeScore[] ranked, int iterations, bool converged) => new(ranked, iterations, converged);

    private static Ranking Rank((string Key, string Kind, double Score)[] items, int iterations, bool converged)
    {
        var rounded = Array.ConvertAll(items, i => Round(i.Score));
        var order = Enumerable.Range(0, items.Length).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var byScore = rounded[b].CompareTo(rounded[a]);
            return byScore != 0 ? byScore : string.CompareOrdinal(items[a].Key, items[b].Key);
        });

        var result = new NodeScore[items.Length];
        for (var i = 0; i < order.Length; i++)
        {
            var item = items[order[i]];
            var rank = i > 0 && rounded[order[i]] == rounded[order[i - 1]] ? result[i - 1].Rank : i + 1;
            result[i] = new NodeScore(item.Key, item.Kind, item.Score, rank);
        }

        return new Ranking(result, iterations, converged);
    }

    /// <summary>Rounds to 40 of the 52 mantissa bits (about 12 significant digits), for comparing scores.</summary>
    internal static double Round(double value)
    {
        if (!double.IsFinite(value) || value == 0)
        {
            return value;
        }

        const int dropped = 12;
        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(value));
        bits = (bits + (1L << (dropped - 1))) & ~((1L << dropped) - 1);
        return Math.CopySign(BitConverter.Int64BitsToDouble(bits), value);
    }
}
