namespace TradeGraph.Core.Storage.InMemory;

/// <summary>
/// The numbers an <see cref="Edge"/> holds instead of references (issue 13: two references made an edge 16 bytes, two
/// 32-bit numbers make it 8 — 2 M edges at 1M relationships): a node's number is its place in the node table, kept
/// while the node lives and given to a new node once it is removed; what a relationship carries is numbered when first
/// interned and kept for the model's life, as the write interner keeps it (most relationships share a few instances).
/// Not thread-safe: changed by the model's owner under its write lock, read under its read lock.
/// </summary>
internal sealed class EdgeTables
{
    private GraphNode?[] _nodes = [];
    private int _nodeCount;
    private readonly Stack<int> _freeNodes = new();
    private RelationshipFacts[] _facts = [];
    private int _factsCount;
    private bool _trimmed;

    public GraphNode Node(int number) => _nodes[number]!;

    public RelationshipFacts Facts(int number) => _facts[number];

    /// <summary>Gives a new node its number (a removed node's, when there is one).</summary>
    public void Number(GraphNode node)
    {
        var number = _freeNodes.Count > 0 ? _freeNodes.Pop() : _nodeCount++;
        Grow(ref _nodes, number);
        _nodes[number] = node;
        node.Number = number;
    }

    /// <summary>Frees a removed node's number (it holds no edge then, and no edge points to it).</summary>
    public void Release(GraphNode node)
    {
        if (node.Number >= 0 && node.Number < _nodes.Length && ReferenceEquals(_nodes[node.Number], node))
        {
            _nodes[node.Number] = null;
            _freeNodes.Push(node.Number);
        }

        node.Number = -1;
    }

    /// <summary>
    /// Numbers what a relationship carries (called once per instance, by the interner that made it: the number is kept in
    /// the interner's entry, which lives only as long as the interner, not on every facts instance for the model's life).
    /// </summary>
    public int Add(RelationshipFacts facts)
    {
        var number = _factsCount++;
        Grow(ref _facts, number);
        _facts[number] = facts;
        return number;
    }

    /// <summary>Once built: the tables cut to what they hold (grown by doubling, they hold up to twice as many).</summary>
    public void TrimExcess()
    {
        Array.Resize(ref _nodes, _nodeCount);
        Array.Resize(ref _facts, _factsCount);
        _trimmed = true;
    }

    private void Grow<T>(ref T[] table, int number)
    {
        if (number >= table.Length)
        {
            // Doubling while building; once trimmed, writes add a few at a time, and doubling a table of 182,000 nodes for
            // the first new entity would bring back the slack the trim removed.
            var grown = _trimmed ? table.Length + (table.Length / 4) : table.Length * 2;
            Array.Resize(ref table, Math.Max(1024, Math.Max(grown, number + 1)));
        }
    }
}
