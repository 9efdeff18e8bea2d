using System.Collections;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// Turns the parsed <c>where</c> and <c>order</c> arguments (GraphQL.NET hands input objects over as dictionaries)
/// into the backend-neutral <see cref="Filter"/> and <see cref="SortKey"/>s, reading names from the model.
/// The input types already rejected unknown fields, and <see cref="InputLimits"/> arguments over their size limits;
/// what is left here are combinations GraphQL cannot express.
/// </summary>
internal sealed class QueryArgumentParser(GraphModel model)
{
    private static readonly Dictionary<string, ComparisonOperator> Operators = new(StringComparer.Ordinal)
    {
        ["eq"] = ComparisonOperator.Equal,
        ["neq"] = ComparisonOperator.NotEqual,
        ["in"] = ComparisonOperator.In,
        ["nin"] = ComparisonOperator.NotIn,
        ["gt"] = ComparisonOperator.GreaterThan,
        ["gte"] = ComparisonOperator.GreaterThanOrEqual,
        ["lt"] = ComparisonOperator.LessThan,
        ["lte"] = ComparisonOperator.LessThanOrEqual,
        ["contains"] = ComparisonOperator.Contains,
        ["ncontains"] = ComparisonOperator.NotContains,
        ["startsWith"] = ComparisonOperator.StartsWith,
        ["nstartsWith"] = ComparisonOperator.NotStartsWith,
        ["endsWith"] = ComparisonOperator.EndsWith,
        ["nendsWith"] = ComparisonOperator.NotEndsWith,
    };

    public Filter? ParseFilter(EntityKind kind, object? where) => where is IDictionary<string, object?> fields ? Entity(kind, fields) : null;

    public IReadOnlyList<SortKey> ParseOrder(EntityKind kind, object? order)
    {
        var keys = new List<SortKey>();
        foreach (var item in order as IEnumerable ?? Array.Empty<object>())
        {
            if (item is not IDictionary<string, object?> fields || fields.Count == 0)
            {
                throw new TradeGraphError(ErrorCodes.InvalidArgument, "Each `order` item must set one field, such as { name: ASC }.");
            }

            foreach (var (name, value) in fields)
            {
                keys.Add(SortKeyFor(kind, name, value));
            }
        }

        return keys;
    }

    private SortKey SortKeyFor(EntityKind kind, string name, object? value)
    {
        if (value is bool descending)
        {
            if (ScoreMeasure(name) is { } measure)
            {
                return new ScoreSort(new ScoreTable(measure), descending);
            }

            if (FieldName(kind, name) is { } field)
            {
                return new FieldSort(field, descending);
            }

            var countOf = name[..^QueryInputTypes.CountSuffix.Length];
            var (type, direction, _) = model.RelationshipFieldsOf(kind.Name).Single(f => f.End.Field == countOf);
            return new RelationshipCountSort(type, direction, descending);
        }

        if (value is IDictionary<string, object?> related && related.Count == 1)
        {
            var (type, direction, _) = model.RelationshipFieldsOf(kind.Name).Single(f => f.End.Field == name);
            var target = model.Kind(type.TargetKind(direction));
            var (targetField, targetDirection) = related.Single();
            return new RelatedFieldSort(type, direction, FieldName(target, targetField)!, (bool)targetDirection!);
        }

        throw new TradeGraphError(ErrorCodes.InvalidArgument, $"`order` field `{name}` needs ASC or DESC (one field of `{name}`).");
    }

    private Filter Entity(EntityKind kind, IDictionary<string, object?> fields)
    {
        var conditions = new List<Filter>();
        foreach (var (name, value) in fields)
        {
            if (value is null)
            {
                continue;
            }

            switch (name)
            {
                case "and":
                    conditions.Add(new AllOf([.. List(value).Select(item => Entity(kind, Object(item)))]));
                    break;
                case "or":
                    conditions.Add(new AnyOf([.. List(value).Select(item => Entity(kind, Object(item)))]));
                    break;
                case "not":
                    conditions.Add(new Not(Entity(kind, Object(value))));
                    break;
                case "aliases":
                    conditions.AddRange(Aliases(Object(value)));
                    break;
                case QueryInputTypes.CitationsField:
                    conditions.AddRange(Citations(Object(value)));
                    break;
                default:
                    if (ScoreMeasure(name) is { } measure)
                    {
                        var scores = new ScoreTable(measure);
                        conditions.AddRange(Comparisons(name, Object(value)).Select(c => new ScoreComparison(scores, c.Operator, c.Value)));
                    }
                    else if (FieldName(kind, name) is { } field)
                    {
                        conditions.AddRange(Comparisons(field, Object(value)));
                    }
                    else
                    {
                        conditions.AddRange(Relationship(kind, name, Object(value)));
                    }

                    break;
            }
        }

        return conditions.Count == 1 ? conditions[0] : new AllOf(conditions);
    }

    private IEnumerable<Filter> Relationship(EntityKind kind, string field, IDictionary<string, object?> condition)
    {
        var (type, direction, end) = model.RelationshipFieldsOf(kind.Name).Single(f => f.End.Field == field);
        var target = model.Kind(type.TargetKind(direction));
        if (end.Cardinality == Cardinality.One)
        {
            yield return Edge(type, direction, target, RelationshipQuantifier.Some, condition);
            yield break;
        }

        foreach (var (quantifier, value) in condition)
        {
            if (value is null)
            {
                continue;
            }

            yield return quantifier switch
            {
                "some" => Edge(type, direction, target, RelationshipQuantifier.Some, Object(value)),
                "none" => Edge(type, direction, target, RelationshipQuantifier.None, Object(value)),
                "all" => Edge(type, direction, target, RelationshipQuantifier.All, Object(value)),
                _ => new AllOf([.. Object(value).Where(o => o.Value is not null).Select(o => CountFilter(type, direction, Operators[o.Key], o.Value!))]),
            };
        }
    }

    /// <summary>A count condition; in / nin become alternatives of equalities.</summary>
    private static Filter CountFilter(RelationshipType type, Direction direction, ComparisonOperator op, object value)
    {
        static long Number(object? v) => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture);
        return op switch
        {
            ComparisonOperator.In => new AnyOf([.. List(value).Select(v => new RelationshipCountFilter(type, direction, ComparisonOperator.Equal, Number(v)))]),
            ComparisonOperator.NotIn => new Not(new AnyOf([.. List(value).Select(v => new RelationshipCountFilter(type, direction, ComparisonOperator.Equal, Number(v)))])),
            _ => new RelationshipCountFilter(type, direction, op, Number(value)),
        };
    }

    private RelationshipFilter Edge(RelationshipType type, Direction direction, EntityKind target, RelationshipQuantifier quantifier, IDictionary<string, object?> condition)
    {
        var targetFields = condition.Where(c => c.Key != QueryInputTypes.RelationshipField).ToDictionary(c => c.Key, c => c.Value);
        var relationship = condition.TryGetValue(QueryInputTypes.RelationshipField, out var r) && r is IDictionary<string, object?> rel
            ? RelationshipProperties(type, rel)
            : null;
        return new RelationshipFilter(type, direction, quantifier, targetFields.Count == 0 ? null : Entity(target, targetFields), relationship);
    }

    private Filter RelationshipProperties(RelationshipType type, IDictionary<string, object?> fields)
    {
        var conditions = new List<Filter>();
        foreach (var (name, value) in fields.Where(f => f.Value is not null))
        {
            conditions.Add(name switch
            {
                "and" => new AllOf([.. List(value).Select(item => RelationshipProperties(type, Object(item)))]),
                "or" => new AnyOf([.. List(value).Select(item => RelationshipProperties(type, Object(item)))]),
                "not" => new Not(RelationshipProperties(type, Object(value))),
                _ => new AllOf([.. Comparisons(name, Object(value))]),
            });
        }

        return conditions.Count == 1 ? conditions[0] : new AllOf(conditions);
    }

    private static IEnumerable<FieldComparison> Comparisons(string field, IDictionary<string, object?> operations)
    {
        var ignoreCase = operations.TryGetValue("ignoreCase", out var flag) && flag is true;
        foreach (var (operation, value) in operations)
        {
            if (operation == "ignoreCase")
            {
                continue;
            }

            var op = Operators[operation];
            if (op is ComparisonOperator.In or ComparisonOperator.NotIn)
            {
                yield return new FieldComparison(field, op, List(value).Select(Normalize).ToList(), ignoreCase);
            }
            else if (value is null && op is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual))
            {
                throw new TradeGraphError(ErrorCodes.InvalidArgument, $"`{operation}: null` on `{field}` compares with nothing; only eq and neq take null.");
            }
            else
            {
                yield return new FieldComparison(field, op, Normalize(value), ignoreCase);
            }
        }
    }

    private static IEnumerable<Filter> Aliases(IDictionary<string, object?> condition) =>
        ListConditions(condition, (quantifier, element) => new AliasesFilter(quantifier, element), element => Comparisons("value", element));

    private static IEnumerable<Filter> Citations(IDictionary<string, object?> condition) =>
        ListConditions(condition, (quantifier, element) => new CitationsFilter(quantifier, element),
            element => element.Where(f => f.Value is not null).SelectMany(f => Comparisons(f.Key, Object(f.Value))));

    /// <summary>A list input (some / none / all of the elements meet the element's conditions; any: there are elements) as filters.</summary>
    private static IEnumerable<Filter> ListConditions(IDictionary<string, object?> condition,
        Func<ListQuantifier, IReadOnlyList<FieldComparison>, Filter> filter, Func<IDictionary<string, object?>, IEnumerable<FieldComparison>> element)
    {
        foreach (var (quantifier, value) in condition.Where(c => c.Value is not null))
        {
            if (quantifier == "any")
            {
                var any = filter(ListQuantifier.Any, []);
                yield return value is true ? any : new Not(any);
                continue;
            }

            var conditions = element(Object(value)).ToList();
            yield return filter(quantifier switch { "some" => ListQuantifier.Some, "none" => ListQuantifier.None, _ => ListQuantifier.All }, conditions);
        }
    }

    /// <summary>The measure a score field (<c>pageRank</c>) stands for, or null when the field is not a score.</summary>
    private static string? ScoreMeasure(string graphQLName) =>
        QueryInputTypes.ScoreFields.FirstOrDefault(s => s.Field == graphQLName).Measure;

    /// <summary>The storage name of a scalar field given its GraphQL name (a Source's "title" is its name), or null.</summary>
    private static string? FieldName(EntityKind kind, string graphQLName) =>
        QueryInputTypes.FilterableFields(kind).FirstOrDefault(f => f.Name == graphQLName) is { Name: not null } f && f.Field is { } field ? field : null;

    private static object? Normalize(object? value) => value is int number ? (long)number : value;

    private static IDictionary<string, object?> Object(object? value) =>
        value as IDictionary<string, object?> ?? throw new TradeGraphError(ErrorCodes.InvalidArgument, "Expected an input object.");

    private static IEnumerable<object?> List(object? value) => value is IEnumerable list and not string ? list.Cast<object?>() : [value];
}
