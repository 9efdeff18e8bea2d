using TradeGraph.Core.Graph;
using TradeGraph.Core.Storage;

namespace TradeGraph.Core.Analytics;

/// <summary>
/// An immutable in-memory projection of the graph for analytics: the entities and relationships a
/// <see cref="ProjectionFilter"/> keeps, numbered densely (node ids in key order, relationship ids in
/// (type, from, to) order) and held as adjacency arrays (compressed sparse rows) both ways. Safe to share between
/// threads and requests; build it once per filter and graph revision and run any number of algorithms on it.
/// </summary>
public sealed class GraphProjection
{
    private readonly Entity[] _entities;
    private readonly Dictionary<string, int> _ids;
    private readonly Relationship[] _relationships;
    private readonly Dictionary<string, int> _typeIds;
    private readonly Lazy<Csr> _both;
    private readonly Lazy<SimpleCsr>[] _simple;

    private GraphProjection(ProjectionFilter filter, Entity[] entities, Dictionary<string, int> ids, Relationship[] relationships,
        int[] from, int[] to, int[] type, string[] typeNames, double[] weights)
    {
        Filter = filter;
        _entities = entities;
        _ids = ids;
        _relationships = relationships;
        RelationshipFrom = from;
        RelationshipTo = to;
        RelationshipType = type;
        TypeNames = typeNames;
        Weights = weights;
        _typeIds = typeNames.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        KindNames = [.. entities.Select(e => e.Kind).Distinct().Order(StringComparer.Ordinal)];
        var kindIds = KindNames.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        NodeKind = [.. entities.Select(e => kindIds[e.Kind])];

        // Out-rows list each node's relationships by target, in-rows by source: neighbours come in id (= key) order,
        // so every traversal breaks ties the same way.
        Out = Csr.Build(entities.Length, from, to);
        In = Csr.Build(entities.Length, to, from);
        _both = new(() => Csr.Merge(Out, In, from, to));
        _simple = [.. Enum.GetValues<EdgeDirection>().Select(d => new Lazy<SimpleCsr>(() => SimpleCsr.Build(Arcs(d))))];
    }

    /// <summary>The filter this projection was built with.</summary>
    public ProjectionFilter Filter { get; }

    /// <summary>How algorithms walk relationships unless a call says otherwise.</summary>
    public EdgeDirection Direction => Filter.Direction;

    public int NodeCount => _entities.Length;

    public int RelationshipCount => _relationships.Length;

    /// <summary>Nodes plus relationships, the measure <see cref="ProjectionFilter.MaxSize"/> limits.</summary>
    public long Size => (long)NodeCount + RelationshipCount;

    /// <summary>Entity kinds present, in ordinal order.</summary>
    public IReadOnlyList<string> Kinds => KindNames;

    /// <summary>Relationship types present, in ordinal order.</summary>
    public IReadOnlyList<string> RelationshipTypes => TypeNames;

    /// <summary>Whether the projection holds the entity with this key.</summary>
    public bool Contains(string key) => _ids.ContainsKey(key);

    /// <summary>The dense id (0 … <see cref="NodeCount"/> − 1, in key order) of an entity, if the projection holds it.</summary>
    public bool TryGetId(string key, out int id) => _ids.TryGetValue(key, out id);

    /// <summary>The key of the node with a dense id.</summary>
    public string Key(int id) => _entities[id].Key;

    /// <summary>The kind of the node with a dense id.</summary>
    public string Kind(int id) => KindNames[NodeKind[id]];

    /// <summary>The entity behind a node id, with its name and properties, as the projection was built from it.</summary>
    public Entity Entity(int id) => _entities[id];

    /// <summary>The relationship with a dense id (0 … <see cref="RelationshipCount"/> − 1, in (type, from, to) order).</summary>
    public Relationship Relationship(int id) => _relationships[id];

    /// <summary>The weight of a relationship under <see cref="ProjectionFilter.WeightProperty"/> (1 without one).</summary>
    public double Weight(int relationshipId) => Weights[relationshipId];

    internal string[] KindNames { get; }

    internal int[] NodeKind { get; }

    internal string[] TypeNames { get; }

    internal int[] RelationshipFrom { get; }

    internal int[] RelationshipTo { get; }

    internal int[] RelationshipType { get; }

    internal double[] Weights { get; }

    /// <summary>Each node's relationships as stored, by target.</summary>
    internal Csr Out { get; }

    /// <summary>Each node's incoming relationships, by source.</summary>
    internal Csr In { get; }

    /// <summary>Builds a projection of a whole document (as <see cref="IGraphStore.ExportAsync"/> returns it).</summary>
    public static GraphProjection Build(GraphDocument document, ProjectionFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        return Build(document.Entities, document.Relationships, filter, cancellationToken);
    }

    /// <summary>
    /// Builds a projection of entities and relationships. Relationships whose ends are not both kept are dropped.
    /// Throws <see cref="ProjectionTooLargeException"/> over <see cref="ProjectionFilter.MaxSize"/>, and
    /// <see cref="ArgumentException"/> for a duplicate key, <see cref="InvalidProjectionArgumentException"/> for a window
    /// ending before it starts or a weight that is not a finite non-negative number.
    /// </summary>
    public static GraphProjection Build(IEnumerable<Entity> entities, IEnumerable<Relationship> relationships,
        ProjectionFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(relationships);
        filter ??= ProjectionFilter.All;
        if (filter.DateWindow is { From: { } start, To: { } end } && start > end)
        {
            throw new InvalidProjectionArgumentException("from", $"The date window starts ({start:O}) after it ends ({end:O}).");
        }

        var kinds = filter.Kinds is null ? null : new HashSet<string>(filter.Kinds, StringComparer.Ordinal);
        var types = filter.RelationshipTypes is null ? null : new HashSet<string>(filter.RelationshipTypes, StringComparer.Ordinal);
        var window = filter.DateWindow;

        var kept = new List<Entity>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var scanned = 0;
        foreach (var entity in entities)
        {
            CheckEvery(scanned++, cancellationToken);
            if (!seen.Add(entity.Key))
            {
                throw new ArgumentException($"Two entities have the key '{entity.Key}'.", nameof(entities));
            }

            if ((kinds is null || kinds.Contains(entity.Kind)) && (window is null || window.Admits(entity.Properties, window.IncludeUndated)))
            {
                kept.Add(entity);
            }
        }

        var nodes = kept.ToArray();
        var keys = Array.ConvertAll(nodes, e => e.Key);
        Array.Sort(keys, nodes, StringComparer.Ordinal);
        var ids = new Dictionary<string, int>(nodes.Length, StringComparer.Ordinal);
        for (var i = 0; i < nodes.Length; i++)
        {
            ids[keys[i]] = i;
        }

        var links = new List<(Relationship Relationship, int From, int To, double Weight)>();
        scanned = 0;
        foreach (var relationship in relationships)
        {
            CheckEvery(scanned++, cancellationToken);
            if ((types is null || types.Contains(relationship.Type))
                && ids.TryGetValue(relationship.From, out var from) && ids.TryGetValue(relationship.To, out var to)
                && (window is null || window.Admits(relationship.Properties, undated: true)))
            {
                // Weighed here, while the relationship is at hand: reading 100,000 scattered property maps later costs more.
                links.Add((relationship, from, to, filter.WeightProperty is null ? 1d : WeightOf(relationship, filter.WeightProperty)));
            }
        }

        if ((long)nodes.Length + links.Count > filter.MaxSize)
        {
            throw new ProjectionTooLargeException(nodes.Length, links.Count, filter.MaxSize);
        }

        var typeNames = links.Select(l => l.Relationship.Type).Distinct().Order(StringComparer.Ordinal).ToArray();
        var typeIds = typeNames.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);

        // Relationship ids in (type, from, to) order: three stable counting sorts (least significant first), O(n + m),
        // with no string comparisons.
        var linkType = new int[links.Count];
        var linkFrom = new int[links.Count];
        var linkTo = new int[links.Count];
        for (var i = 0; i < links.Count; i++)
        {
            (linkType[i], linkFrom[i], linkTo[i]) = (typeIds[links[i].Relationship.Type], links[i].From, links[i].To);
        }

        var order = Enumerable.Range(0, links.Count).ToArray();
        order = Csr.StableSort(order, linkTo, nodes.Length);
        order = Csr.StableSort(order, linkFrom, nodes.Length);
        order = Csr.StableSort(order, linkType, typeNames.Length);
        cancellationToken.ThrowIfCancellationRequested();

        var rels = new Relationship[order.Length];
        var relFrom = new int[order.Length];
        var relTo = new int[order.Length];
        var relType = new int[order.Length];
        var weights = new double[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            var index = order[i];
            rels[i] = links[index].Relationship;
            relFrom[i] = linkFrom[index];
            relTo[i] = linkTo[index];
            relType[i] = linkType[index];
            weights[i] = links[index].Weight;
        }

        return new GraphProjection(filter, nodes, ids, rels, relFrom, relTo, relType, typeNames, weights);
    }

    /// <summary>Reads the store's graph (<see cref="IGraphStore.ReadTopologyAsync"/>) and builds a projection of it.</summary>
    public static async Task<GraphProjection> BuildAsync(IGraphStore store, ProjectionFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var document = await store.ReadTopologyAsync(cancellationToken).ConfigureAwait(false);
        return Build(document, filter, cancellationToken);
    }

    /// <summary>The weight of a relationship under a numeric property: missing or null weighs 1.</summary>
    internal static double WeightOf(Relationship relationship, string property)
    {
        var weight = relationship.Property(property) switch
        {
            null => 1d,
            long l => l,
            int i => i,
            double d => d,
            float f => f,
            decimal m => (double)m,
            var other => throw new InvalidProjectionArgumentException("weightProperty",
                $"Relationship {relationship.Type} {relationship.From} → {relationship.To}: weight property '{property}' holds " +
                $"a {other.GetType().Name}, not a number."),
        };
        return double.IsFinite(weight) && weight >= 0 ? weight : throw new InvalidProjectionArgumentException("weightProperty",
            $"Relationship {relationship.Type} {relationship.From} → {relationship.To}: weight '{property}' = {weight} is not a finite non-negative number.");
    }

    /// <summary>The arcs walked in <paramref name="direction"/>: out-rows, in-rows, or both merged by neighbour.</summary>
    internal Csr Arcs(EdgeDirection direction) => direction switch
    {
        EdgeDirection.Directed => Out,
        EdgeDirection.Reverse => In,
        _ => _both.Value,
    };

    /// <summary>Distinct neighbours in <paramref name="direction"/>, without self-loops: the simple graph, for hop distances.</summary>
    internal SimpleCsr Neighbours(EdgeDirection direction) => _simple[(int)direction].Value;

    /// <summary>A mask over relationship type ids keeping <paramref name="types"/>; null keeps all.</summary>
    internal bool[]? TypeMask(IReadOnlyCollection<string>? types)
    {
        if (types is null)
        {
            return null;
        }

        var mask = new bool[TypeNames.Length];
        foreach (var type in types)
        {
            if (_typeIds.TryGetValue(type, out var id))
            {
                mask[id] = true;
            }
        }

        return mask;
    }

    /// <summary>The type id of a relationship type, or −1 when the projection has none of it.</summary>
    internal int TypeId(string type) => _typeIds.TryGetValue(type, out var id) ? id : -1;

    /// <summary>Ids of the nodes of some kinds (all when null), in key order.</summary>
    internal int[] NodesOfKinds(IReadOnlyCollection<string>? kinds)
    {
        if (kinds is null)
        {
            return [.. Enumerable.Range(0, NodeCount)];
        }

        var mask = KindMask(kinds);
        return [.. Enumerable.Range(0, NodeCount).Where(i => mask[NodeKind[i]])];
    }

    /// <summary>A mask over kind ids keeping <paramref name="kinds"/>.</summary>
    internal bool[] KindMask(IReadOnlyCollection<string> kinds)
    {
        var mask = new bool[KindNames.Length];
        for (var i = 0; i < KindNames.Length; i++)
        {
            mask[i] = kinds.Contains(KindNames[i]);
        }

        return mask;
    }

    internal RelationshipRef Ref(int relationshipId)
    {
        var relationship = _relationships[relationshipId];
        return new RelationshipRef(relationship.Type, relationship.From, relationship.To);
    }

    private static void CheckEvery(int count, CancellationToken cancellationToken)
    {
        if ((count & 0xFFF) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
