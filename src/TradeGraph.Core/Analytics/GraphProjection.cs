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
    private readonly Shape _shape;
    private readonly double[]? _weights;

    private GraphProjection(ProjectionFilter filter, Shape shape, double[]? weights)
    {
        Filter = filter;
        _shape = shape;
        _weights = weights;
    }

    /// <summary>The filter this projection was built with.</summary>
    public ProjectionFilter Filter { get; }

    /// <summary>How algorithms walk relationships unless a call says otherwise.</summary>
    public EdgeDirection Direction => Filter.Direction;

    public int NodeCount => _shape.Keys.Length;

    public int RelationshipCount => RelationshipFrom.Length;

    /// <summary>Nodes plus relationships, the measure <see cref="ProjectionFilter.MaxSize"/> limits.</summary>
    public long Size => (long)NodeCount + RelationshipCount;

    /// <summary>
    /// What the projection's own arrays take, roughly, counting the both-ways rows an algorithm builds on first use
    /// (the topology's keys it shares are not counted): what a cache budget in bytes charges for it.
    /// </summary>
    public long EstimatedBytes => _shape.EstimatedBytes + WeightBytes;

    /// <summary>What the weights take (none unweighted): all a weighted view (<see cref="WithWeight"/>) adds to the projection it shares.</summary>
    public long WeightBytes => _weights is null ? 0 : sizeof(double) * (long)_weights.Length;

    /// <summary>Entity kinds present, in ordinal order.</summary>
    public IReadOnlyList<string> Kinds => KindNames;

    /// <summary>Relationship types present, in ordinal order.</summary>
    public IReadOnlyList<string> RelationshipTypes => TypeNames;

    /// <summary>Whether the projection holds the entity with this key.</summary>
    public bool Contains(string key) => TryGetId(key, out _);

    /// <summary>The dense id (0 … <see cref="NodeCount"/> − 1, in key order) of an entity, if the projection holds it.</summary>
    public bool TryGetId(string key, out int id)
    {
        // Keys are in ordinal order: a binary search instead of a dictionary of every key.
        id = OrdinalSearch.IndexOf(_shape.Keys, key);
        return id >= 0;
    }

    /// <summary>The first dense id whose key sorts after <paramref name="key"/> (which need not be held).</summary>
    public int FirstIdAfter(string key)
    {
        var id = OrdinalSearch.IndexOf(_shape.Keys, key);
        return id >= 0 ? id + 1 : ~id;
    }

    /// <summary>The key of the node with a dense id.</summary>
    public string Key(int id) => _shape.Keys[id];

    /// <summary>The kind of the node with a dense id.</summary>
    public string Kind(int id) => KindNames[NodeKind[id]];

    /// <summary>The relationship with a dense id (0 … <see cref="RelationshipCount"/> − 1, in (type, from, to) order).</summary>
    public RelationshipRef Relationship(int id) => Ref(id);

    /// <summary>The weight of a relationship under <see cref="ProjectionFilter.WeightProperty"/> (1 without one).</summary>
    public double Weight(int relationshipId) => _weights is { } weights ? weights[relationshipId] : 1d;

    /// <summary>
    /// The same nodes and relationships walked in another direction by default: the arrays (and the rows built on
    /// them) are shared, not copied, since a filter's direction changes no array, only how algorithms walk them.
    /// </summary>
    public GraphProjection WithDirection(EdgeDirection direction) =>
        direction == Direction ? this : new GraphProjection(Filter with { Direction = direction }, _shape, _weights);

    /// <summary>
    /// The same nodes and relationships weighed by another property (null: unweighted), sharing every array but the
    /// weights; a weight that is not a finite non-negative number throws as <see cref="Build(GraphTopology, ProjectionFilter?, CancellationToken)"/> does.
    /// </summary>
    public GraphProjection WithWeight(string? property, CancellationToken cancellationToken = default)
    {
        if (string.Equals(property, Filter.WeightProperty, StringComparison.Ordinal))
        {
            return this;
        }

        return new GraphProjection(Filter with { WeightProperty = property }, _shape,
            Weigh(_shape.Topology, _shape.TopologyRelationship, RelationshipCount, property, cancellationToken));
    }

    /// <summary>Node keys in id order (shared with the topology when every node is kept).</summary>
    internal string[] Keys => _shape.Keys;

    internal string[] KindNames => _shape.KindNames;

    internal int[] NodeKind => _shape.NodeKind;

    internal string[] TypeNames => _shape.TypeNames;

    internal int[] RelationshipFrom => _shape.From;

    internal int[] RelationshipTo => _shape.To;

    internal int[] RelationshipType => _shape.Type;

    /// <summary>
    /// Every relationship's weight by id. An unweighted projection keeps none (<see cref="Weight"/> answers 1) and
    /// makes this array of ones only for a caller that asks for it.
    /// </summary>
    internal double[] Weights => _weights ?? _shape.Ones.Value;

    /// <summary>Each node's relationships as stored, by target.</summary>
    internal Csr Out => _shape.Out;

    /// <summary>Each node's incoming relationships, by source.</summary>
    internal Csr In => _shape.In;

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
        ProjectionFilter? filter = null, CancellationToken cancellationToken = default) =>
        Build(GraphTopology.From(entities, relationships, cancellationToken), filter, cancellationToken);

    /// <summary>
    /// Builds a projection of a topology: the nodes and relationships the filter keeps, renumbered densely. Throws as
    /// <see cref="Build(IEnumerable{Entity}, IEnumerable{Relationship}, ProjectionFilter?, CancellationToken)"/> does.
    /// </summary>
    public static GraphProjection Build(GraphTopology topology, ProjectionFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topology);
        filter ??= ProjectionFilter.All;
        if (filter.DateWindow is { From: { } start, To: { } end } && start > end)
        {
            throw new InvalidProjectionArgumentException("from", $"The date window starts ({start:O}) after it ends ({end:O}).");
        }

        var (nodeOf, keys, kindNames, nodeKind) = KeepNodes(topology, filter);

        // Two temporaries (a million relationships: 4 MB each), garbage after the build (ScratchArrays: not kept in
        // the shared pool for the life of the process).
        var keptBuffer = ScratchArrays.Rent(topology.RelationshipCount);
        var scratch = ScratchArrays.Rent(topology.RelationshipCount);
        try
        {
            var kept = KeepRelationships(topology, filter, nodeOf, keptBuffer, cancellationToken);
            if ((long)keys.Length + kept.Length > filter.MaxSize)
            {
                throw new ProjectionTooLargeException(keys.Length, kept.Length, filter.MaxSize);
            }

            // Type ids in ordinal order of the types present.
            var present = new bool[topology.TypeNames.Length];
            foreach (var r in kept)
            {
                present[topology.RelationshipTypeIds[r]] = true;
            }

            var typeNames = topology.TypeNames.Where((_, t) => present[t]).Order(StringComparer.Ordinal).ToArray();
            var typeIdOf = Array.ConvertAll(topology.TypeNames, name => Array.IndexOf(typeNames, name));
            if (ReferenceEquals(keys, topology.Keys) && kept.Length == topology.RelationshipCount && typeNames.Length == topology.TypeNames.Length)
            {
                // Every node, relationship and type kept: the topology holds them in this very order (TopologyOrder,
                // types in ordinal order), so the projection shares its arrays and numbers relationships as it does.
                var whole = new Shape(topology, keys, kindNames, nodeKind, null, topology.RelationshipFrom, topology.RelationshipTo,
                    topology.RelationshipTypeIds, topology.TypeNames);
                return new GraphProjection(filter, whole, Weigh(topology, null, topology.RelationshipCount, filter.WeightProperty, cancellationToken));
            }


            // Relationship ids in (type, from, to) order: three stable counting sorts of the kept topology indexes
            // (least significant first), O(n + m), with no string comparisons.
            var m = kept.Length;
            var topologyRelationship = new int[m];
            var byTo = scratch.AsSpan(0, m);
            var byFrom = keptBuffer.AsSpan(0, m);
            Csr.StableSort(kept, topology.RelationshipTo, nodeOf, keys.Length, byTo);
            Csr.StableSort(byTo, topology.RelationshipFrom, nodeOf, keys.Length, byFrom);
            Csr.StableSort(byFrom, topology.RelationshipTypeIds, typeIdOf, typeNames.Length, topologyRelationship);
            cancellationToken.ThrowIfCancellationRequested();

            var relFrom = new int[m];
            var relTo = new int[m];
            var relType = new int[m];
            for (var i = 0; i < m; i++)
            {
                var r = topologyRelationship[i];
                (relType[i], relFrom[i], relTo[i]) = (typeIdOf[topology.RelationshipTypeIds[r]], nodeOf[topology.RelationshipFrom[r]], nodeOf[topology.RelationshipTo[r]]);
            }

            var weights = Weigh(topology, topologyRelationship, m, filter.WeightProperty, cancellationToken);

            return new GraphProjection(filter, new Shape(topology, keys, kindNames, nodeKind, topologyRelationship, relFrom, relTo, relType, typeNames), weights);
        }
        finally
        {
            ScratchArrays.Return(scratch);
            ScratchArrays.Return(keptBuffer);
        }
    }

    /// <summary>Reads the store's graph (<see cref="IGraphStore.ReadTopologyAsync"/>) and builds a projection of it.</summary>
    public static async Task<GraphProjection> BuildAsync(IGraphStore store, ProjectionFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var topology = await store.ReadTopologyAsync(cancellationToken).ConfigureAwait(false);
        return Build(topology, filter, cancellationToken);
    }

    /// <summary>The weight of a projection's relationship under a numeric property: missing or null weighs 1.</summary>
    internal double WeightOf(int relationshipId, string property) =>
        WeightOf(_shape.Topology, _shape.TopologyRelationship?[relationshipId] ?? relationshipId, property);

    /// <summary>
    /// Each of the <paramref name="count"/> relationships' weight under a numeric property, by projection id; none (null)
    /// without a property. <paramref name="topologyRelationship"/>: each one's topology index, null when they are the same.
    /// </summary>
    private static double[]? Weigh(GraphTopology topology, int[]? topologyRelationship, int count, string? property, CancellationToken cancellationToken)
    {
        if (property is null)
        {
            return null;
        }

        var weights = new double[count];
        for (var i = 0; i < weights.Length; i++)
        {
            GraphTopology.Builder.CheckEvery(i, cancellationToken);
            weights[i] = WeightOf(topology, topologyRelationship?[i] ?? i, property);
        }

        return weights;
    }

    /// <summary>The weight of a topology's relationship under a numeric property: missing or null weighs 1.</summary>
    private static double WeightOf(GraphTopology topology, int relationship, string property)
    {
        var weight = topology.RelationshipValue(relationship, property) switch
        {
            null => 1d,
            long l => l,
            int i => i,
            double d => d,
            float f => f,
            decimal m => (double)m,
            var other => throw new InvalidProjectionArgumentException("weightProperty",
                $"Relationship {Describe(topology, relationship)}: weight property '{property}' holds a {other.GetType().Name}, not a number."),
        };
        return double.IsFinite(weight) && weight >= 0 ? weight : throw new InvalidProjectionArgumentException("weightProperty",
            $"Relationship {Describe(topology, relationship)}: weight '{property}' = {weight} is not a finite non-negative number.");
    }

    private static string Describe(GraphTopology topology, int relationship) =>
        $"{topology.TypeNames[topology.RelationshipTypeIds[relationship]]} {topology.Keys[topology.RelationshipFrom[relationship]]} → {topology.Keys[topology.RelationshipTo[relationship]]}";

    /// <summary>The nodes the filter keeps, in key order: each topology node's new id (−1 when dropped), keys and kinds.</summary>
    private static (int[] NodeOf, string[] Keys, string[] KindNames, int[] NodeKind) KeepNodes(GraphTopology topology, ProjectionFilter filter)
    {
        var kinds = filter.Kinds is null ? null : new HashSet<string>(filter.Kinds, StringComparer.Ordinal);
        var kindKept = Array.ConvertAll(topology.KindNames, k => kinds is null || kinds.Contains(k));
        var window = filter.DateWindow;
        var nodeOf = new int[topology.NodeCount];
        var present = new bool[topology.KindNames.Length];
        var count = 0;
        for (var v = 0; v < nodeOf.Length; v++)
        {
            var keep = kindKept[topology.NodeKind[v]]
                && (window is null || window.Admits(topology.NodeEarliest[v], topology.NodeLatest[v], window.IncludeUndated));
            nodeOf[v] = keep ? count++ : -1;
            present[topology.NodeKind[v]] |= keep;
        }

        // Every node kept: share the topology's keys instead of copying them.
        var keys = count == topology.NodeCount ? topology.Keys : new string[count];
        var kindNames = topology.KindNames.Where((_, k) => present[k]).Order(StringComparer.Ordinal).ToArray();
        var kindIdOf = Array.ConvertAll(topology.KindNames, name => Array.IndexOf(kindNames, name));
        var nodeKind = new int[count];
        for (var v = 0; v < nodeOf.Length; v++)
        {
            if (nodeOf[v] >= 0)
            {
                keys[nodeOf[v]] = topology.Keys[v];
                nodeKind[nodeOf[v]] = kindIdOf[topology.NodeKind[v]];
            }
        }

        return (nodeOf, keys, kindNames, nodeKind);
    }

    /// <summary>The topology's relationships the filter keeps (type, both ends kept, dates), by topology index, in <paramref name="buffer"/>.</summary>
    private static ReadOnlySpan<int> KeepRelationships(GraphTopology topology, ProjectionFilter filter, int[] nodeOf, int[] buffer, CancellationToken cancellationToken)
    {
        var types = filter.RelationshipTypes is null ? null : new HashSet<string>(filter.RelationshipTypes, StringComparer.Ordinal);
        var typeKept = Array.ConvertAll(topology.TypeNames, t => types is null || types.Contains(t));
        var window = filter.DateWindow;
        var count = 0;
        for (var r = 0; r < topology.RelationshipCount; r++)
        {
            GraphTopology.Builder.CheckEvery(r, cancellationToken);
            if (typeKept[topology.RelationshipTypeIds[r]] && nodeOf[topology.RelationshipFrom[r]] >= 0 && nodeOf[topology.RelationshipTo[r]] >= 0
                && (window is null || Admits(window, topology.RelationshipDates(r))))
            {
                buffer[count++] = r;
            }
        }

        return buffer.AsSpan(0, count);
    }

    private static bool Admits(DateWindow window, (int Earliest, int Latest) span) => window.Admits(span.Earliest, span.Latest, undated: true);

    /// <summary>The arcs walked in <paramref name="direction"/>: out-rows, in-rows, or both merged by neighbour.</summary>
    internal Csr Arcs(EdgeDirection direction) => direction switch
    {
        EdgeDirection.Directed => Out,
        EdgeDirection.Reverse => In,
        _ => _shape.Both.Value,
    };

    /// <summary>Distinct neighbours in <paramref name="direction"/>, without self-loops: the simple graph, for hop distances.</summary>
    internal SimpleCsr Neighbours(EdgeDirection direction) => _shape.Simple[(int)direction].Value;

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
            if (_shape.TypeIds.TryGetValue(type, out var id))
            {
                mask[id] = true;
            }
        }

        return mask;
    }

    /// <summary>The type id of a relationship type, or −1 when the projection has none of it.</summary>
    internal int TypeId(string type) => _shape.TypeIds.TryGetValue(type, out var id) ? id : -1;

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

    internal RelationshipRef Ref(int relationshipId) =>
        new(TypeNames[RelationshipType[relationshipId]], Keys[RelationshipFrom[relationshipId]], Keys[RelationshipTo[relationshipId]]);

    /// <summary>
    /// The arrays of a projection, whatever direction it is walked in by default: projections that differ only in
    /// direction share one (<see cref="WithDirection"/>), with the rows built lazily on it.
    /// </summary>
    private sealed class Shape
    {
        public Shape(GraphTopology topology, string[] keys, string[] kindNames, int[] nodeKind, int[]? topologyRelationship,
            int[] from, int[] to, int[] type, string[] typeNames)
        {
            Topology = topology;
            Keys = keys;
            KindNames = kindNames;
            NodeKind = nodeKind;
            TopologyRelationship = topologyRelationship;
            From = from;
            To = to;
            Type = type;
            TypeNames = typeNames;
            TypeIds = typeNames.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);

            // Out-rows list each node's relationships by target, in-rows by source: neighbours come in id (= key)
            // order, so every traversal breaks ties the same way.
            Out = Csr.Build(keys.Length, from, to);
            In = Csr.Build(keys.Length, to, from);
            Both = new(() => Csr.Merge(Out, In, from, to));
            Simple = [.. Enum.GetValues<EdgeDirection>().Select(d => new Lazy<SimpleCsr>(() => SimpleCsr.Build(d switch
            {
                EdgeDirection.Directed => Out,
                EdgeDirection.Reverse => In,
                _ => Both.Value,
            })))];
            Ones = new(() => Enumerable.Repeat(1d, from.Length).ToArray());
            var (n, m) = ((long)keys.Length, (long)from.Length);
            EstimatedBytes = (ReferenceEquals(keys, topology.Keys) ? 0 : 8 * n) + (4 * n) + (2 * 4 * (n + 1)) + (m * 4 * 4)
                + (2 * 2 * 4 * m) + (4 * (n + 1)) + (2 * 2 * 4 * m);
        }

        public GraphTopology Topology { get; }

        public string[] Keys { get; }

        public string[] KindNames { get; }

        public int[] NodeKind { get; }

        /// <summary>Each relationship's topology index; null when it is its own (the topology's arrays shared).</summary>
        public int[]? TopologyRelationship { get; }

        public int[] From { get; }

        public int[] To { get; }

        public int[] Type { get; }

        public string[] TypeNames { get; }

        public Dictionary<string, int> TypeIds { get; }

        public Csr Out { get; }

        public Csr In { get; }

        public Lazy<Csr> Both { get; }

        public Lazy<SimpleCsr>[] Simple { get; }

        public Lazy<double[]> Ones { get; }

        /// <summary>Own arrays, the out- and in-rows, and the both-ways rows once built (at most twice the relationships' arcs).</summary>
        public long EstimatedBytes { get; }
    }
}
