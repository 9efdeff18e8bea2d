using System.Collections;

namespace TradeGraph.Core.Analytics;

/// <summary>A node's score under a centrality measure and its rank (1 = best; equal scores share a rank).</summary>
public sealed record NodeScore(string Key, string Kind, double Score, int Rank);

/// <summary>
/// Scores of a projection's nodes, best first, ties by key; look one up by key to sort or filter entities by it.
/// Ranks are competition ranks (1, 2, 2, 4): scores equal to 12 significant digits tie, so rounding noise in
/// iterative algorithms does not split nodes that are equal in exact arithmetic.
/// Held as arrays over the projection's node numbering (its keys and kinds shared, not copied); an entry is made
/// when it is read, so a ranking of a million nodes takes megabytes, not a record and a dictionary entry per node.
/// </summary>
public sealed class Ranking : IReadOnlyList<NodeScore>
{
    private readonly string[] _keys;
    private readonly string[] _kindNames;
    private readonly int[] _nodeKind;
    private readonly double[] _scores;
    private readonly int[] _order;
    private readonly int[] _rank;
    private int[]? _position;
    private IReadOnlyDictionary<string, double>? _scoresByKey;

    // keys: node keys in ordinal order (a node's id is its index); kindNames/nodeKind: each node's kind; scores: each
    // node's score; order: node ids best first, ties by key; rank: the rank at each position of order.
    private Ranking(string[] keys, string[] kindNames, int[] nodeKind, double[] scores, int[] order, int[] rank, int iterations, bool converged)
    {
        _keys = keys;
        _kindNames = kindNames;
        _nodeKind = nodeKind;
        _scores = scores;
        _order = order;
        _rank = rank;
        Iterations = iterations;
        Converged = converged;
    }

    /// <summary>
    /// Each node's place in the order, made on first use: most rankings are only read in order or by score, and at 1M
    /// this is 0.7 MB per ranking kept (issue 13).
    /// </summary>
    private int[] Position => LazyInitializer.EnsureInitialized(ref _position, () =>
    {
        var position = new int[_order.Length];
        for (var i = 0; i < _order.Length; i++)
        {
            position[_order[i]] = i;
        }

        return position;
    });

    /// <summary>Iterations an iterative measure (PageRank) ran; 0 for the others.</summary>
    public int Iterations { get; }

    /// <summary>False when an iterative measure stopped at its iteration limit before reaching its tolerance.</summary>
    public bool Converged { get; }

    public int Count => _order.Length;

    public NodeScore this[int index] => Entry(index);

    /// <summary>
    /// What the ranking's own arrays take, roughly, with the score table a query sorting or filtering by it makes
    /// (<see cref="Scores"/>), the keys it shares with its projection not counted: what a cache budget in bytes charges for it.
    /// </summary>
    public long EstimatedBytes => (28L + 40L) * Count;

    /// <summary>The score of an entity, if the ranking has it.</summary>
    public bool TryGet(string key, out NodeScore score)
    {
        var node = Array.BinarySearch(_keys, key, StringComparer.Ordinal);
        score = node >= 0 ? Entry(Position[node]) : null!;
        return node >= 0;
    }

    /// <summary>The score of an entity, or null when the ranking does not have it.</summary>
    public double? ScoreOf(string key)
    {
        var node = Array.BinarySearch(_keys, key, StringComparer.Ordinal);
        return node >= 0 ? _scores[node] : null;
    }

    /// <summary>
    /// Every score by key, made once: what a query sorting or filtering entities by this measure looks up. The key →
    /// node table behind it is shared by the rankings over the same keys (<see cref="KeyedScores"/>).
    /// </summary>
    public IReadOnlyDictionary<string, double> Scores =>
        LazyInitializer.EnsureInitialized(ref _scoresByKey, () => new KeyedScores(_keys, _scores));

    /// <summary>
    /// How many entries come before or at (<paramref name="score"/>, <paramref name="key"/>) in the ranking's order
    /// (best score first, ties by key): where a page after a cursor made from that entry starts, even once the entry
    /// itself has gone from a newer ranking.
    /// </summary>
    public int PositionAfter(double score, string key)
    {
        var rounded = Round(score);
        int low = 0, high = _order.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            var node = _order[middle];
            var byScore = rounded.CompareTo(Round(_scores[node]));
            var comesAfter = byScore < 0 || (byScore == 0 && string.CompareOrdinal(_keys[node], key) <= 0);
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

        // Kept in node (= key) order, so the subset's keys stay sorted for lookups.
        var position = Position;
        var kept = Enumerable.Range(0, _keys.Length).Where(node => predicate(Entry(position[node]))).ToArray();
        return Rank([.. kept.Select(node => _keys[node])], _kindNames, [.. kept.Select(node => _nodeKind[node])],
            [.. kept.Select(node => _scores[node])], Iterations, Converged);
    }

    public IEnumerator<NodeScore> GetEnumerator()
    {
        for (var i = 0; i < _order.Length; i++)
        {
            yield return Entry(i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Ranks the nodes of a projection by their scores (indexed by node id).</summary>
    internal static Ranking Of(GraphProjection projection, double[] scores, int iterations = 0, bool converged = true) =>
        Rank(projection.Keys, projection.KindNames, projection.NodeKind, scores, iterations, converged);

    /// <summary>
    /// A ranking already in order over a topology's nodes, its ranks given (what <see cref="KeptRankingsFormat"/>
    /// checked as it read it): <paramref name="order"/> holds node ids best first, <paramref name="scores"/> their
    /// scores in that order.
    /// </summary>
    internal static Ranking FromRanked(GraphTopology topology, int[] order, double[] scores, int[] rank, int iterations, bool converged)
    {
        var byNode = new double[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            byNode[order[i]] = scores[i];
        }

        return new Ranking(topology.Keys, topology.KindNames, topology.NodeKindIds, byNode, order, rank, iterations, converged);
    }

    /// <summary>A ranking of entries already in order, their ranks given, taken as they are.</summary>
    internal static Ranking FromRanked(NodeScore[] ranked, int iterations, bool converged)
    {
        var keys = ranked.Select(s => s.Key).Order(StringComparer.Ordinal).ToArray();
        var kindNames = ranked.Select(s => s.Kind).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var (nodeKind, scores, order, rank) = (new int[keys.Length], new double[keys.Length], new int[keys.Length], new int[keys.Length]);
        for (var i = 0; i < ranked.Length; i++)
        {
            var node = order[i] = Array.BinarySearch(keys, ranked[i].Key, StringComparer.Ordinal);
            (nodeKind[node], scores[node], rank[i]) = (Array.BinarySearch(kindNames, ranked[i].Kind, StringComparer.Ordinal), ranked[i].Score, ranked[i].Rank);
        }

        return new Ranking(keys, kindNames, nodeKind, scores, order, rank, iterations, converged);
    }

    private NodeScore Entry(int position)
    {
        var node = _order[position];
        return new NodeScore(_keys[node], _kindNames[_nodeKind[node]], _scores[node], _rank[position]);
    }

    /// <summary>Ranks nodes (keys in ordinal order, so ties by key are ties by id) by their scores.</summary>
    private static Ranking Rank(string[] keys, string[] kindNames, int[] nodeKind, double[] scores, int iterations, bool converged)
    {
        var rounded = Array.ConvertAll(scores, Round);
        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            var byScore = rounded[b].CompareTo(rounded[a]);
            return byScore != 0 ? byScore : a.CompareTo(b);
        });

        var rank = new int[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            rank[i] = i > 0 && rounded[order[i]] == rounded[order[i - 1]] ? rank[i - 1] : i + 1;
        }

        return new Ranking(keys, kindNames, nodeKind, scores, order, rank, iterations, converged);
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
