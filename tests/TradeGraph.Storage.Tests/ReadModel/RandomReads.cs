using TradeGraph.Core.Analytics;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Tests.ReadModel;

/// <summary>
/// Random reads over a graph, driven by the model and seeded: filters of every shape (and / or / not nested, every
/// operator on every field, null operands, ignore-case, aliases, relationship some / none / all with target and
/// relationship-property conditions, relationship counts, scores), orders of one to three keys of every sort kind, and
/// pages. Operands are drawn from the graph's own values (and slices of them), so conditions match some rows and not others.
/// </summary>
internal sealed class RandomReads
{
    private static readonly ComparisonOperator[] Ordered =
        [ComparisonOperator.Equal, ComparisonOperator.NotEqual, ComparisonOperator.In, ComparisonOperator.NotIn,
         ComparisonOperator.GreaterThan, ComparisonOperator.GreaterThanOrEqual, ComparisonOperator.LessThan, ComparisonOperator.LessThanOrEqual];

    private static readonly ComparisonOperator[] Every = Enum.GetValues<ComparisonOperator>();

    private readonly Random _random;
    private readonly GraphModel _model;
    private readonly Dictionary<(string Kind, string Field), object?[]> _entityValues = [];
    private readonly Dictionary<(string Type, string Field), object?[]> _relationshipValues = [];
    private readonly string[] _aliases;

    public RandomReads(GraphModel model, GraphDocument graph, int seed)
    {
        _model = model;
        _random = new Random(seed);
        Kinds = [.. model.Kinds.Where(k => graph.Entities.Any(e => e.Kind == k.Name))];
        KeysByKind = graph.Entities.GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.Select(e => e.Key).ToArray());
        foreach (var group in graph.Entities.GroupBy(e => e.Kind))
        {
            var kind = model.Kind(group.Key);
            _entityValues[(kind.Name, "key")] = [.. group.Select(e => (object?)e.Key)];
            _entityValues[(kind.Name, "name")] = [.. group.Select(e => (object?)e.Name)];
            _entityValues[(kind.Name, "description")] = [.. group.Select(e => (object?)e.Description)];
            foreach (var property in kind.Properties)
            {
                _entityValues[(kind.Name, property.Name)] = [.. group.Select(e => e.Property(property.Name))];
            }
        }

        foreach (var group in graph.Relationships.GroupBy(r => r.Type))
        {
            foreach (var property in model.Relationship(group.Key).Properties)
            {
                _relationshipValues[(group.Key, property.Name)] = [.. group.Select(r => r.Property(property.Name))];
            }
        }

        _aliases = [.. graph.Entities.SelectMany(e => e.Aliases).DefaultIfEmpty("none")];
        Scores = [Table(ScoreMeasures.PageRank, graph, 0.7), Table(ScoreMeasures.Degree, graph, 0.4)];
    }

    public IReadOnlyList<EntityKind> Kinds { get; }

    public IReadOnlyDictionary<string, string[]> KeysByKind { get; }

    public IReadOnlyList<ScoreTable> Scores { get; }

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public int Next(int max) => _random.Next(max);

    public IReadOnlyList<(RelationshipType Type, Direction Direction, RelationshipEnd End)> Walks(EntityKind kind) =>
        [.. _model.RelationshipFieldsOf(kind.Name)];

    public EntityKind TargetKind(RelationshipType type, Direction direction) => _model.Kind(type.TargetKind(direction));

    public Filter? Filter(EntityKind kind, int depth = 3) => _random.Next(6) == 0 ? null : Condition(kind, depth);

    public IReadOnlyList<SortKey> Order(EntityKind kind)
    {
        var keys = new List<SortKey>();
        for (var i = _random.Next(4); i > 0; i--)
        {
            var descending = _random.Next(2) == 0;
            var walks = Walks(kind);
            var single = walks.Where(w => w.End.Cardinality == Cardinality.One).ToList();
            keys.Add(_random.Next(6) switch
            {
                0 when single.Count > 0 => SortOnSingle(Pick(single), descending),
                1 when walks.Count > 0 => Count(Pick(walks), descending),
                2 => new ScoreSort(Pick(Scores), descending),
                _ => new FieldSort(Pick(Fields(kind)), descending),
            });
        }

        return keys;
    }

    public PageRequest Page() => _random.Next(5) switch
    {
        0 => new PageRequest(),
        1 or 2 => new PageRequest(First: _random.Next(0, 9)),
        3 => new PageRequest(Last: _random.Next(0, 9)),
        _ => new PageRequest(First: _random.Next(1, 9), Last: _random.Next(1, 9)),
    };

    private RelatedFieldSort SortOnSingle((RelationshipType Type, Direction Direction, RelationshipEnd End) walk, bool descending) =>
        new(walk.Type, walk.Direction, Pick(Fields(TargetKind(walk.Type, walk.Direction))), descending);

    private static RelationshipCountSort Count((RelationshipType Type, Direction Direction, RelationshipEnd End) walk, bool descending) =>
        new(walk.Type, walk.Direction, descending);

    private Filter Condition(EntityKind kind, int depth)
    {
        var walks = Walks(kind);
        return _random.Next(12) switch
        {
            0 when depth > 0 => new AllOf([.. Enumerable.Range(0, _random.Next(0, 4)).Select(_ => Condition(kind, depth - 1))]),
            1 when depth > 0 => new AnyOf([.. Enumerable.Range(0, _random.Next(0, 4)).Select(_ => Condition(kind, depth - 1))]),
            2 when depth > 0 => new Not(Condition(kind, depth - 1)),
            3 => new AliasesFilter(Pick(Enum.GetValues<ListQuantifier>()), [.. Enumerable.Range(0, _random.Next(0, 3)).Select(_ => Comparison("alias", _aliases))]),
            4 or 5 when walks.Count > 0 => Relationship(Pick(walks), depth),
            6 when walks.Count > 0 => new RelationshipCountFilter(Pick(walks).Type, Pick(walks).Direction, Pick(Ordered[..2].Concat(Ordered[4..]).ToArray()), _random.Next(0, 4)),
            7 => Score(),
            _ => Field(kind),
        };
    }

    private RelationshipFilter Relationship((RelationshipType Type, Direction Direction, RelationshipEnd End) walk, int depth)
    {
        var target = _random.Next(3) == 0 ? null : Condition(TargetKind(walk.Type, walk.Direction), Math.Max(0, depth - 1));
        Filter? relationship = null;
        var properties = walk.Type.Properties.Where(p => _relationshipValues.ContainsKey((walk.Type.Name, p.Name))).ToList();
        if (properties.Count > 0 && _random.Next(2) == 0)
        {
            var parts = Enumerable.Range(0, _random.Next(1, 3)).Select(_ =>
            {
                var property = Pick(properties);
                return (Filter)Comparison(property.Name, _relationshipValues[(walk.Type.Name, property.Name)], property.Type);
            }).ToList();
            relationship = _random.Next(3) switch
            {
                0 => new AnyOf(parts),
                1 => new Not(parts[0]),
                _ => new AllOf(parts),
            };
        }

        return new RelationshipFilter(walk.Type, walk.Direction, Pick(Enum.GetValues<RelationshipQuantifier>()), target, relationship);
    }

    private ScoreComparison Score()
    {
        var table = Pick(Scores);
        var values = table.Scores.Values.ToArray();
        var op = Pick(Ordered);
        object? operand = op is ComparisonOperator.In or ComparisonOperator.NotIn
            ? Enumerable.Range(0, _random.Next(1, 4)).Select(_ => (object?)Pick(values)).ToList()
            : _random.Next(8) == 0 ? null : Pick(values);
        return new ScoreComparison(table, op, operand);
    }

    private FieldComparison Field(EntityKind kind)
    {
        var field = Pick(Fields(kind));
        var type = kind.FindProperty(field)?.Type ?? PropertyType.String;
        return Comparison(field, _entityValues.GetValueOrDefault((kind.Name, field)) ?? [null], type);
    }

    private FieldComparison Comparison(string field, object?[] pool, PropertyType type = PropertyType.String)
    {
        var text = type is PropertyType.String or PropertyType.Enum;
        var op = Pick(text ? Every : Ordered);
        var ignoreCase = text && _random.Next(3) == 0;
        object? operand = op switch
        {
            ComparisonOperator.In or ComparisonOperator.NotIn =>
                Enumerable.Range(0, _random.Next(1, 5)).Select(_ => _random.Next(10) == 0 ? null : Pick(pool)).ToList(),
            _ when _random.Next(10) == 0 => null,
            >= ComparisonOperator.Contains => Slice(Pick(pool) as string ?? ""),
            _ => Pick(pool),
        };
        return new FieldComparison(field, op, operand, ignoreCase);
    }

    /// <summary>A piece of a value (possibly empty, possibly the whole), sometimes in another case.</summary>
    private string Slice(string value)
    {
        var start = _random.Next(value.Length + 1);
        var piece = value.Substring(start, _random.Next(value.Length - start + 1));
        return _random.Next(4) == 0 ? piece.ToUpperInvariant() : piece;
    }

    private static List<string> Fields(EntityKind kind) => ["key", "name", "description", .. kind.Properties.Select(p => p.Name)];

    // Ties (scores drawn from a few values) and missing scores (null) on purpose: both are what ordering gets wrong.
    private ScoreTable Table(ScoreMeasure measure, GraphDocument graph, double share) =>
        new(measure, graph.Entities.Where(_ => _random.NextDouble() < share)
            .ToDictionary(e => e.Key, _ => _random.Next(6) / 4.0, StringComparer.Ordinal));
}
