using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Storage.InMemory;

/// <summary>A relationship seen from one of its ends: the entity at the other end and the relationship as stored.</summary>
internal readonly record struct Edge(GraphNode Other, Relationship Relationship);

/// <summary>
/// One entity of the read model and its adjacency: per (relationship type, direction) a slot holding an array of
/// <see cref="Edge"/>s (grown by doubling, cut to size once the model is built). A node has a slot only for
/// the few walks it has relationships on, so an entity costs its record plus a short array.
/// </summary>
internal sealed class GraphNode(Entity entity)
{
    private static readonly EdgeSlot[] NoSlots = [];

    private EdgeSlot[] _slots = NoSlots;

    public Entity Entity { get; set; } = entity;

    public string Key => Entity.Key;

    /// <summary>The edges of a walk (a slot id made by ReadModelGraph.Slot); empty when there are none.</summary>
    public ReadOnlySpan<Edge> Edges(int slot)
    {
        foreach (var s in _slots)
        {
            if (s.Id == slot)
            {
                return s.Edges.AsSpan(0, s.Count);
            }
        }

        return [];
    }

    public int Degree(int slot)
    {
        foreach (var s in _slots)
        {
            if (s.Id == slot)
            {
                return s.Count;
            }
        }

        return 0;
    }

    /// <summary>Once built: every slot's array cut to its edges (arrays grown by doubling hold up to twice as many).</summary>
    public void TrimExcess()
    {
        foreach (var s in _slots)
        {
            if (s.Edges.Length > s.Count)
            {
                Array.Resize(ref s.Edges, s.Count);
            }
        }
    }

    public void Add(int slot, Edge edge)
    {
        var s = SlotFor(slot);
        if (s.Count == s.Edges.Length)
        {
            Array.Resize(ref s.Edges, Math.Max(4, s.Count * 2));
        }

        s.Edges[s.Count++] = edge;
    }

    /// <summary>Replaces the edge to <paramref name="other"/> in <paramref name="slot"/>; false when there is none.</summary>
    public bool Replace(int slot, GraphNode other, Relationship relationship)
    {
        var s = Find(slot);
        var index = s is null ? -1 : IndexOf(s, other);
        if (index < 0)
        {
            return false;
        }

        s!.Edges[index] = new Edge(other, relationship);
        return true;
    }

    /// <summary>Removes the edge to <paramref name="other"/> in <paramref name="slot"/> (order within a slot carries no meaning).</summary>
    public void Remove(int slot, GraphNode other)
    {
        var s = Find(slot);
        var index = s is null ? -1 : IndexOf(s, other);
        if (index >= 0)
        {
            s!.Edges[index] = s.Edges[--s.Count];
            s.Edges[s.Count] = default;
        }
    }

    /// <summary>Every walk this node has edges on, with its edges (copied: the caller may change the graph meanwhile).</summary>
    public List<(int Slot, Edge[] Edges)> AllEdges() => [.. _slots.Where(s => s.Count > 0).Select(s => (s.Id, s.Edges[..s.Count]))];

    private EdgeSlot? Find(int slot)
    {
        // A loop, not Array.Find: its lambda captures the slot, an allocation per edge added while building.
        foreach (var s in _slots)
        {
            if (s.Id == slot)
            {
                return s;
            }
        }

        return null;
    }

    private EdgeSlot SlotFor(int slot)
    {
        if (Find(slot) is { } existing)
        {
            return existing;
        }

        var added = new EdgeSlot(slot);
        _slots = [.. _slots, added];
        return added;
    }

    private static int IndexOf(EdgeSlot slot, GraphNode other)
    {
        for (var i = 0; i < slot.Count; i++)
        {
            if (ReferenceEquals(slot.Edges[i].Other, other))
            {
                return i;
            }
        }

        return -1;
    }

    private sealed class EdgeSlot(int id)
    {
        public int Id { get; } = id;

        public Edge[] Edges = [];

        public int Count;
    }
}
