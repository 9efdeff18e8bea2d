using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Storage.InMemory;

/// <summary>
/// What a relationship carries besides its type and ends: its properties and citations. Interned, so the many
/// relationships with the same ones (most of a type's share one map and a source's citation) hold one instance; the
/// <see cref="Relationship"/> record is made from it only for a row a page returns (<see cref="GraphNode.RelationshipAt"/>).
/// </summary>
internal sealed class RelationshipFacts(IReadOnlyDictionary<string, object?> properties, IReadOnlyList<SourceReference> sources)
{
    public IReadOnlyDictionary<string, object?> Properties { get; } = properties;

    public IReadOnlyList<SourceReference> Sources { get; } = sources;

    public object? Property(string name) => Properties.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A relationship seen from one of its ends: the number of the entity at the other end and of what the relationship
/// carries, both in the model's <see cref="EdgeTables"/> (8 bytes, not two 8-byte references; issue 13).
/// </summary>
internal readonly record struct Edge(int Other, int Facts);

/// <summary>
/// One entity of the read model and its adjacency: every edge in one array, grouped by walk (a slot id made by
/// ReadModelGraph.Slot: relationship type and direction), with a run per walk saying where its edges lie. Two arrays per
/// node whatever its number of walks (issue 13: an object and an array per walk cost more than the edges of most nodes).
/// Order within a walk carries no meaning.
/// </summary>
internal sealed class GraphNode(Entity entity)
{
    private Edge[] _edges = [];
    private SlotRun[] _runs = [];

    public Entity Entity { get; set; } = entity;

    public string Key => Entity.Key;

    /// <summary>The node's number in the model's <see cref="EdgeTables"/> (what edges to it hold); −1 when not in a model.</summary>
    public int Number { get; set; } = -1;

    /// <summary>The node's document number in the graph's search index; -1 when not indexed.</summary>
    public int SearchNumber { get; set; } = -1;

    /// <summary>The edges of a walk; empty when there are none.</summary>
    public ReadOnlySpan<Edge> Edges(int slot)
    {
        var run = RunOf(slot, out var start);
        return run < 0 ? [] : _edges.AsSpan(start, _runs[run].Count);
    }

    public int Degree(int slot)
    {
        var run = RunOf(slot, out _);
        return run < 0 ? 0 : _runs[run].Count;
    }

    /// <summary>
    /// The relationship of the edge to <paramref name="other"/> in <paramref name="slot"/> (even slots are outgoing), as
    /// the store returns it: made here, at the page boundary, not held per relationship.
    /// </summary>
    public Relationship RelationshipAt(int slot, string type, GraphNode other, RelationshipFacts facts) => slot % 2 == 0
        ? new Relationship(type, Key, other.Key, facts.Properties, facts.Sources)
        : new Relationship(type, other.Key, Key, facts.Properties, facts.Sources);

    /// <summary>Once built: the edge array cut to its edges (grown by doubling, it holds up to twice as many).</summary>
    public void TrimExcess()
    {
        var count = Count();
        if (_edges.Length > count)
        {
            Array.Resize(ref _edges, count);
        }
    }

    /// <summary>Adds an edge at the end of its walk's run (the runs after it move up one place).</summary>
    public void Add(int slot, Edge edge)
    {
        var count = Count();
        var run = RunOf(slot, out var start);
        if (run < 0)
        {
            // A new walk's run goes last: it starts after every edge held.
            run = _runs.Length;
            _runs = [.. _runs, new SlotRun(slot, 0)];
            start = count;
        }

        if (count == _edges.Length)
        {
            Array.Resize(ref _edges, Math.Max(4, count * 2));
        }

        // The runs after this one start one place later: their starts are sums of the counts before them.
        var at = start + _runs[run].Count;
        Array.Copy(_edges, at, _edges, at + 1, count - at);
        _edges[at] = edge;
        _runs[run].Count++;
    }

    /// <summary>Replaces what the edge to node number <paramref name="other"/> in <paramref name="slot"/> carries; false when there is none.</summary>
    public bool Replace(int slot, int other, int facts)
    {
        var index = IndexOf(slot, other);
        if (index < 0)
        {
            return false;
        }

        _edges[index] = new Edge(other, facts);
        return true;
    }

    /// <summary>Removes the edge to node number <paramref name="other"/> in <paramref name="slot"/> (its run's last edge takes its place).</summary>
    public void Remove(int slot, int other)
    {
        var index = IndexOf(slot, other);
        if (index < 0)
        {
            return;
        }

        var count = Count();
        var run = RunOf(slot, out var start);
        var last = start + _runs[run].Count - 1;
        _edges[index] = _edges[last];
        Array.Copy(_edges, last + 1, _edges, last, count - last - 1);
        _edges[count - 1] = default;
        _runs[run].Count--;
    }

    /// <summary>Every walk this node has edges on, with its edges (copied: the caller may change the graph meanwhile).</summary>
    public List<(int Slot, Edge[] Edges)> AllEdges()
    {
        var all = new List<(int Slot, Edge[] Edges)>(_runs.Length);
        var start = 0;
        foreach (var run in _runs)
        {
            if (run.Count > 0)
            {
                all.Add((run.Id, _edges.AsSpan(start, run.Count).ToArray()));
            }

            start += run.Count;
        }

        return all;
    }

    /// <summary>
    /// The edges held: the sum of the runs' counts, not a field (4 bytes that padded every node by 8, 1.5 MB at 1M; only
    /// adds and removes need it, over a handful of runs).
    /// </summary>
    private int Count()
    {
        var count = 0;
        foreach (var run in _runs)
        {
            count += run.Count;
        }

        return count;
    }

    /// <summary>The run of a walk (−1 when the node has none) and where its edges start (the counts of the runs before it).</summary>
    private int RunOf(int slot, out int start)
    {
        start = 0;
        for (var r = 0; r < _runs.Length; r++)
        {
            if (_runs[r].Id == slot)
            {
                return r;
            }

            start += _runs[r].Count;
        }

        return -1;
    }

    private int IndexOf(int slot, int other)
    {
        var run = RunOf(slot, out var start);
        if (run < 0)
        {
            return -1;
        }

        var end = start + _runs[run].Count;
        for (var i = start; i < end; i++)
        {
            if (_edges[i].Other == other)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// A walk's edges in the node's edge array: the runs lie in order, so a run starts where the ones before it end (no
    /// start kept: 4 bytes less per walk of every node, 2.5 MB at 1M; issue 13).
    /// </summary>
    private struct SlotRun(int id, int count)
    {
        public readonly int Id = id;

        public int Count = count;
    }
}
