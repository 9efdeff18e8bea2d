using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Writing;

namespace TradeGraph.Core.Storage.InMemory;

/// <summary>
/// The graph in memory: entities by key, per kind in key order (the store's key index order), and per entity its
/// relationships by (type, direction) with the entity at the other end. Built from an export, then kept in step by
/// applying each committed <see cref="WriteResult"/>. Not thread-safe: the owner reads under a read lock and applies
/// under a write lock.
/// </summary>
internal sealed class ReadModelGraph
{
    private readonly Dictionary<string, GraphNode> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<GraphNode>> _byKind = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _relationshipsByType = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _typeIndex;
    private readonly EdgeTables _tables = new();
    private FactInterner _interner;
    private ReadModelQueries? _queries;
    private bool _building;

    private ReadModelGraph(GraphModel model)
    {
        Model = model;
        _interner = new FactInterner(_tables);
        EntityKinds = model.Kinds.Where(k => k.IsEntity).Select(k => k.Name).ToHashSet(StringComparer.Ordinal);
        _typeIndex = model.RelationshipTypes.Select((t, i) => (t.Name, i)).ToDictionary(t => t.Name, t => t.i, StringComparer.Ordinal);
    }

    public GraphModel Model { get; }

    /// <summary>The kinds search returns when not told (every kind but Source).</summary>
    public IReadOnlySet<string> EntityKinds { get; }

    /// <summary>Every entity's words for ranked search, kept in step with the entities.</summary>
    public SearchIndex Search { get; private set; } = SearchIndex.Of([]);

    /// <summary>
    /// Builds the model from a streamed read of the store, fact by fact, through the same add path a committed write
    /// takes (<see cref="PutEntity"/>), so nothing but the model and the row being read is held: entities arrive in key
    /// order (each appended to its kind's list), then relationships, each linked at both its ends. The search index is
    /// built once at the end (its words sorted once, not one insertion each).
    /// </summary>
    public static async Task<ReadModelGraph> BuildAsync(IAsyncEnumerable<GraphElement> facts, GraphModel model, CancellationToken cancellationToken)
    {
        var graph = new ReadModelGraph(model) { _building = true };
        await foreach (var fact in facts.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (fact.Entity is { } entity)
            {
                graph.PutEntity(entity);
            }
            else if (fact.Relationship is { } relationship)
            {
                // A store holds one relationship per (type, from, to): no edge to replace, so no scan of a hub's slot.
                graph.Link(relationship.Type, graph._byKey[relationship.From], graph._byKey[relationship.To], graph._interner.Relationship(relationship));
            }
        }

        foreach (var node in graph._byKey.Values)
        {
            node.TrimExcess();
        }

        graph._tables.TrimExcess();

        // Grown by doubling while building: up to half of each table would be slack for as long as the model lives
        // (at 1M the key table alone held 324,000 entries for 182,000 entities).
        graph._byKey.TrimExcess();
        foreach (var list in graph._byKind.Values)
        {
            list.TrimExcess();
        }

        graph.Search = SearchIndex.Of(graph._byKey.Values);
        graph._building = false;

        // What the build interned stays shared; the tables that found it (a quarter of a million citations on a large
        // graph) are not needed to answer reads, and writes intern afresh.
        graph._interner = new FactInterner(graph._tables);
        return graph;
    }

    /// <summary>The kinds in the order of their fields a read has asked for, kept in step with every entity put or removed.</summary>
    public IndexedOrders Orders { get; } = new();

    /// <summary>The read primitives over this graph, made once: they hold no state of a read, only compiled visitors.</summary>
    public ReadModelQueries Queries => _queries ??= new ReadModelQueries(this);

    /// <summary>The slot id of a walk: one per (relationship type, direction).</summary>
    public int Slot(string type, Direction direction) => (_typeIndex[type] * 2) + (direction == Direction.Outgoing ? 0 : 1);

    public int Slot(RelationshipType type, Direction direction) => Slot(type.Name, direction);

    public GraphNode? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>The entity at the other end of an edge.</summary>
    public GraphNode Other(Edge edge) => _tables.Node(edge.Other);

    /// <summary>What the relationship of an edge carries.</summary>
    public RelationshipFacts FactsOf(Edge edge) => _tables.Facts(edge.Facts);

    /// <summary>The entities of a kind in key order (empty for a kind without any).</summary>
    public IReadOnlyList<GraphNode> OfKind(string kind) => _byKind.TryGetValue(kind, out var list) ? list : [];

    public GraphStatistics Statistics() => new(
        _byKind.Where(k => k.Value.Count > 0).ToDictionary(k => k.Key, k => (long)k.Value.Count, StringComparer.Ordinal),
        _relationshipsByType.Where(t => t.Value > 0).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal));

    /// <summary>Applies a committed batch, write by write in its order (each carries the fact as it was committed).</summary>
    public void Apply(WriteResult result)
    {
        foreach (var write in result.Writes)
        {
            switch (write)
            {
                case { Outcome: WriteOutcome.Unchanged }:
                    break;
                case { Write: DeleteEntity delete, Outcome: WriteOutcome.Deleted }:
                    foreach (var detached in write.Detached ?? [])
                    {
                        Unlink(detached.Type, detached.From, detached.To);
                    }

                    RemoveEntity(delete.Key);
                    break;
                case { Write: Disconnect disconnect, Outcome: WriteOutcome.Deleted }:
                    Unlink(disconnect.Type, disconnect.From, disconnect.To);
                    break;
                case { Entity: { } entity, Outcome: WriteOutcome.Created or WriteOutcome.Updated }:
                    PutEntity(entity);
                    break;
                case { Relationship: { } relationship, Outcome: WriteOutcome.Created or WriteOutcome.Updated }:
                    PutRelationship(relationship);
                    break;
            }
        }
    }

    private void PutEntity(Entity entity)
    {
        var interned = _interner.Entity(entity);
        if (_byKey.TryGetValue(entity.Key, out var node))
        {
            Orders.Remove(node);
            Search.Remove(node);
            node.Entity = interned;
            Orders.Add(node);
            IndexForSearch(node);
            return;
        }

        node = new GraphNode(interned);
        _tables.Number(node);
        _byKey[interned.Key] = node;
        var list = KindList(interned.Kind);
        list.Insert(~list.BinarySearchByKey(entity.Key), node);
        Orders.Add(node);
        IndexForSearch(node);
    }

    private void IndexForSearch(GraphNode node)
    {
        if (!_building)
        {
            Search.Put(node);
        }
    }

    private void PutRelationship(Relationship relationship)
    {
        var from = _byKey[relationship.From];
        var to = _byKey[relationship.To];
        var outgoing = Slot(relationship.Type, Direction.Outgoing);
        var number = _interner.Relationship(relationship);
        if (from.Replace(outgoing, to.Number, number))
        {
            to.Replace(outgoing + 1, from.Number, number);
            return;
        }

        Link(relationship.Type, from, to, number);
    }

    /// <summary>Adds a relationship at both its ends (what it carries as its interned number).</summary>
    private void Link(string type, GraphNode from, GraphNode to, int facts)
    {
        var outgoing = Slot(type, Direction.Outgoing);
        from.Add(outgoing, new Edge(to.Number, facts));
        to.Add(outgoing + 1, new Edge(from.Number, facts));
        var name = Model.RelationshipTypes[outgoing / 2].Name;
        _relationshipsByType[name] = _relationshipsByType.GetValueOrDefault(name) + 1;
    }

    /// <summary>The type's name of a slot (the model's own string).</summary>
    public string TypeOf(int slot) => Model.RelationshipTypes[slot / 2].Name;

    private void Unlink(string type, string fromKey, string toKey)
    {
        if (!_byKey.TryGetValue(fromKey, out var from) || !_byKey.TryGetValue(toKey, out var to))
        {
            return;
        }

        var outgoing = Slot(type, Direction.Outgoing);
        var before = from.Degree(outgoing);
        from.Remove(outgoing, to.Number);
        if (from.Degree(outgoing) < before)
        {
            to.Remove(Slot(type, Direction.Incoming), from.Number);
            _relationshipsByType[type]--;
        }
    }

    private void RemoveEntity(string key)
    {
        if (!_byKey.TryGetValue(key, out var node))
        {
            return;
        }

        Orders.Remove(node);
        Search.Remove(node);

        // A detaching delete reported its relationships; any left (there should be none) go too, so no edge dangles:
        // unlinked while the key still finds the node (an edge left would name its number after another node took it).
        foreach (var (slot, edges) in node.AllEdges())
        {
            var type = TypeOf(slot);
            foreach (var edge in edges)
            {
                if (slot % 2 == 0)
                {
                    Unlink(type, key, Other(edge).Key);
                }
                else
                {
                    Unlink(type, Other(edge).Key, key);
                }
            }
        }

        // Unlinked at both ends: no edge points to it any more, so its number may be given to a new node.
        _byKey.Remove(key);
        _tables.Release(node);

        var list = KindList(node.Entity.Kind);
        list.RemoveAt(list.BinarySearchByKey(key));
        if (node.Entity.Kind == GraphModel.SourceKind)
        {
            RemoveCitationsOf(key);
        }
    }

    /// <summary>A deleted Source takes its citations on every other fact with it (the store does the same in its transaction).</summary>
    private void RemoveCitationsOf(string source)
    {
        foreach (var node in _byKey.Values)
        {
            if (node.Entity.Sources.Any(s => s.Source == source))
            {
                node.Entity = node.Entity with { Sources = _interner.Citations([.. node.Entity.Sources.Where(s => s.Source != source)]) };
            }

            foreach (var (slot, edges) in node.AllEdges())
            {
                if (slot % 2 != 0)
                {
                    continue;
                }

                foreach (var edge in edges.Where(e => FactsOf(e).Sources.Any(s => s.Source == source)))
                {
                    var facts = FactsOf(edge);
                    var cleaned = _interner.Facts(facts.Properties, _interner.Citations([.. facts.Sources.Where(s => s.Source != source)]));
                    node.Replace(slot, edge.Other, cleaned);
                    Other(edge).Replace(slot + 1, node.Number, cleaned);
                }
            }
        }
    }

    private List<GraphNode> KindList(string kind)
    {
        if (!_byKind.TryGetValue(kind, out var list))
        {
            _byKind[kind] = list = [];
        }

        return list;
    }
}

/// <summary>Binary search of a kind's key-ordered list.</summary>
internal static class NodeListSearch
{
    /// <summary>The index of <paramref name="key"/> in <paramref name="nodes"/>, or the complement of where it would go.</summary>
    public static int BinarySearchByKey(this IReadOnlyList<GraphNode> nodes, string key)
    {
        int low = 0, high = nodes.Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = StoredValues.CompareText(nodes[middle].Key, key);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }
}
