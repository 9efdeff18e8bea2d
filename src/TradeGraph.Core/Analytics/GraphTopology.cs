using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Analytics;

/// <summary>
/// The graph's shape, the one source every <see cref="GraphProjection"/> is built from: each entity's key and kind
/// with the span of its dates, each relationship's type and ends (as node indexes) with the span of its dates and the
/// property values a weight may read. Nodes are held in key order. Arrays, no per-node objects: a million relationships
/// take tens of megabytes, not the hundreds that entity and relationship records with property maps take.
/// Immutable and safe to share once built.
/// </summary>
public sealed class GraphTopology
{
    private readonly Dictionary<int, (int Earliest, int Latest)> _relationshipDates;
    private readonly Dictionary<string, Dictionary<int, object>> _relationshipValues;
    private int[]? _nodeKindIds;

    private GraphTopology(string[] keys, string[] kindNames, byte[] nodeKind, int[] nodeEarliest, int[] nodeLatest,
        string[] typeNames, int[] relationshipType, int[] from, int[] to,
        Dictionary<int, (int, int)> relationshipDates, Dictionary<string, Dictionary<int, object>> relationshipValues)
    {
        Keys = keys;
        KindNames = kindNames;
        NodeKind = nodeKind;
        NodeEarliest = nodeEarliest;
        NodeLatest = nodeLatest;
        // Relationships in the order a whole-graph projection numbers them, so it can share these arrays (TopologyOrder).
        (TypeNames, RelationshipTypeIds, RelationshipFrom, RelationshipTo, _relationshipDates, _relationshipValues) =
            TopologyOrder.Apply(keys.Length, typeNames, relationshipType, from, to, relationshipDates, relationshipValues);
    }

    /// <summary>A topology from its arrays as <see cref="TopologySnapshotFormat"/> reads them back.</summary>
    internal static GraphTopology FromArrays(string[] keys, string[] kindNames, byte[] nodeKind, int[] nodeEarliest, int[] nodeLatest,
        string[] typeNames, int[] relationshipType, int[] from, int[] to,
        Dictionary<int, (int, int)> relationshipDates, Dictionary<string, Dictionary<int, object>> relationshipValues) =>
        new(keys, kindNames, nodeKind, nodeEarliest, nodeLatest, typeNames, relationshipType, from, to, relationshipDates, relationshipValues);

    /// <summary>Relationships with dates, by relationship index (for <see cref="TopologySnapshotFormat"/>).</summary>
    internal IReadOnlyDictionary<int, (int Earliest, int Latest)> DatedRelationships => _relationshipDates;

    /// <summary>Relationship values by property name, then relationship index (for <see cref="TopologySnapshotFormat"/>).</summary>
    internal IReadOnlyDictionary<string, Dictionary<int, object>> RelationshipValues => _relationshipValues;

    /// <summary>A node's or relationship's date span when it has no date (day numbers otherwise).</summary>
    internal const int Undated = int.MinValue;

    public int NodeCount => Keys.Length;

    public int RelationshipCount => RelationshipFrom.Length;

    /// <summary>Entity keys in ordinal order: a node's index is its rank here.</summary>
    public IReadOnlyList<string> EntityKeys => Keys;

    /// <summary>What the arrays take, roughly (strings counted once, at their UTF-16 length): for sizing and reports.</summary>
    public long EstimatedBytes =>
        Keys.Sum(k => 24L + (2L * k.Length)) + (8L * Keys.Length) + (9L * NodeCount) + (12L * RelationshipCount)
        + (24L * _relationshipDates.Count) + (40L * _relationshipValues.Values.Sum(v => (long)v.Count));

    internal string[] Keys { get; }

    internal string[] KindNames { get; }

    internal byte[] NodeKind { get; }

    /// <summary>Each node's kind as an int, made once and shared by the rankings read back over this topology.</summary>
    internal int[] NodeKindIds => LazyInitializer.EnsureInitialized(ref _nodeKindIds, () => Array.ConvertAll(NodeKind, kind => (int)kind));

    internal int[] NodeEarliest { get; }

    internal int[] NodeLatest { get; }

    internal string[] TypeNames { get; }

    internal int[] RelationshipTypeIds { get; }

    internal int[] RelationshipFrom { get; }

    internal int[] RelationshipTo { get; }

    /// <summary>A relationship's date span as day numbers, or (<see cref="Undated"/>, <see cref="Undated"/>).</summary>
    internal (int Earliest, int Latest) RelationshipDates(int relationship) =>
        _relationshipDates.TryGetValue(relationship, out var span) ? span : (Undated, Undated);

    /// <summary>A relationship's value of a (weight) property, null when it has none.</summary>
    internal object? RelationshipValue(int relationship, string property) =>
        _relationshipValues.TryGetValue(property, out var values) && values.TryGetValue(relationship, out var value) ? value : null;

    /// <summary>
    /// The properties a topology needs of an entity kind: its dates (date windows). Stores read only these.
    /// </summary>
    public static IEnumerable<PropertyDefinition> NeededProperties(EntityKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return kind.Properties.Where(p => p.Type == PropertyType.Date);
    }

    /// <summary>The properties a topology needs of a relationship type: its dates and its numbers (weights).</summary>
    public static IEnumerable<PropertyDefinition> NeededProperties(RelationshipType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Properties.Where(p => p.Type is PropertyType.Date or PropertyType.Int or PropertyType.Float);
    }

    /// <summary>The topology of a whole document (every relationship property kept for weights).</summary>
    public static GraphTopology From(GraphDocument document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        return From(document.Entities, document.Relationships, cancellationToken);
    }

    /// <summary>
    /// The topology of entities and relationships. Throws <see cref="ArgumentException"/> for a duplicate key;
    /// relationships with an end that is not among the entities are left out.
    /// </summary>
    public static GraphTopology From(IEnumerable<Entity> entities, IEnumerable<Relationship> relationships, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(relationships);
        var builder = new Builder();
        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entity in entities)
        {
            Builder.CheckEvery(indexes.Count, cancellationToken);
            if (!indexes.TryAdd(entity.Key, builder.AddEntity(entity.Kind, entity.Key, entity.Properties)))
            {
                throw new ArgumentException($"Two entities have the key '{entity.Key}'.", nameof(entities));
            }
        }

        var scanned = 0;
        foreach (var relationship in relationships)
        {
            Builder.CheckEvery(scanned++, cancellationToken);
            if (indexes.TryGetValue(relationship.From, out var from) && indexes.TryGetValue(relationship.To, out var to))
            {
                builder.AddRelationship(relationship.Type, from, to, relationship.Properties);
            }
        }

        return builder.Build(cancellationToken);
    }

    /// <summary>
    /// Collects a topology as a store reads it: entities first (each gets an index in the order added), then
    /// relationships between those indexes. <see cref="Build"/> puts nodes in key order.
    /// </summary>
    public sealed class Builder
    {
        private readonly List<string> _keys = [];
        private readonly List<byte> _kinds = [];
        private readonly List<int> _earliest = [];
        private readonly List<int> _latest = [];
        private readonly Dictionary<string, byte> _kindIds = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _typeIds = new(StringComparer.Ordinal);
        private readonly List<int> _types = [];
        private readonly List<int> _from = [];
        private readonly List<int> _to = [];
        private readonly Dictionary<int, (int, int)> _relationshipDates = [];
        private readonly Dictionary<string, Dictionary<int, object>> _relationshipValues = new(StringComparer.Ordinal);

        /// <summary>Adds an entity with the properties that matter (its dates); returns its index for relationships.</summary>
        public int AddEntity(string kind, string key, IReadOnlyDictionary<string, object?> properties)
        {
            ArgumentNullException.ThrowIfNull(kind);
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(properties);
            if (!_kindIds.TryGetValue(kind, out var kindId))
            {
                kindId = _kindIds.Count < byte.MaxValue ? (byte)_kindIds.Count : throw new InvalidOperationException("More than 255 entity kinds.");
                _kindIds[kind] = kindId;
            }

            var (earliest, latest) = DateSpan(properties);
            _keys.Add(key);
            _kinds.Add(kindId);
            _earliest.Add(earliest);
            _latest.Add(latest);
            return _keys.Count - 1;
        }

        /// <summary>Adds a relationship between two added entities, with its dates and its other property values (weights).</summary>
        public void AddRelationship(string type, int from, int to, IReadOnlyDictionary<string, object?> properties)
        {
            ArgumentNullException.ThrowIfNull(type);
            ArgumentNullException.ThrowIfNull(properties);
            if (!_typeIds.TryGetValue(type, out var typeId))
            {
                typeId = _typeIds.Count;
                _typeIds[type] = typeId;
            }

            var index = _from.Count;
            _types.Add(typeId);
            _from.Add(from);
            _to.Add(to);
            if (properties.Count == 0)
            {
                return;
            }

            var span = DateSpan(properties);
            if (span.Earliest != Undated)
            {
                _relationshipDates[index] = span;
            }

            foreach (var (name, value) in properties)
            {
                if (value is not null and not DateOnly)
                {
                    if (!_relationshipValues.TryGetValue(name, out var values))
                    {
                        _relationshipValues[name] = values = [];
                    }

                    values[index] = value;
                }
            }
        }

        /// <summary>The topology, nodes renumbered in ordinal key order. Throws <see cref="ArgumentException"/> for a duplicate key.</summary>
        public GraphTopology Build(CancellationToken cancellationToken = default)
        {
            var n = _keys.Count;
            var keys = _keys.ToArray();
            var order = new int[n];
            for (var i = 0; i < n; i++)
            {
                order[i] = i;
            }

            Array.Sort(keys, order, StringComparer.Ordinal);
            cancellationToken.ThrowIfCancellationRequested();
            var rank = new int[n];
            var kinds = new byte[n];
            var earliest = new int[n];
            var latest = new int[n];
            for (var i = 0; i < n; i++)
            {
                if (i > 0 && string.Equals(keys[i - 1], keys[i], StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Two entities have the key '{keys[i]}'.", "entities");
                }

                rank[order[i]] = i;
                kinds[i] = _kinds[order[i]];
                earliest[i] = _earliest[order[i]];
                latest[i] = _latest[order[i]];
            }

            var from = new int[_from.Count];
            var to = new int[_from.Count];
            for (var r = 0; r < from.Length; r++)
            {
                CheckEvery(r, cancellationToken);
                from[r] = rank[_from[r]];
                to[r] = rank[_to[r]];
            }

            var kindNames = new string[_kindIds.Count];
            foreach (var (name, id) in _kindIds)
            {
                kindNames[id] = name;
            }

            var typeNames = new string[_typeIds.Count];
            foreach (var (name, id) in _typeIds)
            {
                typeNames[id] = name;
            }

            return new GraphTopology(keys, kindNames, kinds, earliest, latest, typeNames, [.. _types], from, to, _relationshipDates, _relationshipValues);
        }

        internal static void CheckEvery(int count, CancellationToken cancellationToken)
        {
            if ((count & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        /// <summary>The earliest and latest of the date values, as day numbers; <see cref="Undated"/> twice without any.</summary>
        private static (int Earliest, int Latest) DateSpan(IReadOnlyDictionary<string, object?> properties)
        {
            var (earliest, latest) = (Undated, Undated);
            foreach (var value in properties.Values)
            {
                if (value is DateOnly day)
                {
                    earliest = earliest == Undated || day.DayNumber < earliest ? day.DayNumber : earliest;
                    latest = latest == Undated || day.DayNumber > latest ? day.DayNumber : latest;
                }
            }

            return (earliest, latest);
        }
    }
}
