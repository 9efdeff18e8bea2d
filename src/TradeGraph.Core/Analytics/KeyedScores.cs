using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace TradeGraph.Core.Analytics;

/// <summary>
/// A ranking's scores by entity key: the ranking's own score array read through one key → node table per key array,
/// shared by every ranking over the same keys (the kept rankings of a topology all share its keys). At 1M a table is
/// 182,000 entries; a dictionary of key → score per ranking held one such table each (issue 13).
/// </summary>
internal sealed class KeyedScores : IReadOnlyDictionary<string, double>
{
    // Keyed by the array's identity: the table lives as long as some ranking (or projection) holds those keys.
    private static readonly ConditionalWeakTable<string[], Dictionary<string, int>> Tables = [];

    private readonly string[] _keys;
    private readonly double[] _scores;
    private readonly Dictionary<string, int> _nodes;

    /// <param name="keys">Node keys in id order (each once).</param>
    /// <param name="scores">Each node's score, by id.</param>
    public KeyedScores(string[] keys, double[] scores)
    {
        _keys = keys;
        _scores = scores;
        _nodes = Tables.GetValue(keys, NodeTable);
    }

    public int Count => _keys.Length;

    public double this[string key] => TryGetValue(key, out var score) ? score : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => _keys;

    public IEnumerable<double> Values => _scores;

    public bool ContainsKey(string key) => _nodes.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out double value)
    {
        if (_nodes.TryGetValue(key, out var node))
        {
            value = _scores[node];
            return true;
        }

        value = 0;
        return false;
    }

    public IEnumerator<KeyValuePair<string, double>> GetEnumerator()
    {
        for (var node = 0; node < _keys.Length; node++)
        {
            yield return new KeyValuePair<string, double>(_keys[node], _scores[node]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static Dictionary<string, int> NodeTable(string[] keys)
    {
        var nodes = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
        for (var node = 0; node < keys.Length; node++)
        {
            nodes[keys[node]] = node;
        }

        return nodes;
    }
}
