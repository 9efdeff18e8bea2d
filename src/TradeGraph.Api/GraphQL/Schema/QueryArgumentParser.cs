using System.Collections;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Core.Analytics;
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
                return new ScoreSort(ScoreTable.Pending(measure), descending);
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
            // The stores sort through a relationship by a stored field of the related entity only.
            return FieldName(target, targetField) is { } field && targetDirection is bool relatedDescending
                ? new RelatedFieldSort(type, direction, field, relatedDescending)
                : throw new TradeGraphError(ErrorCodes.SortNotSupported,
                    $"`order` cannot sort by `{name}.{targetField}`: through a relationship only the {target.Name}'s own fields sort "
                    + $"({string.Join(", ", QueryInputTypes.FilterableFields(target).Where(f => f.Name != "description").Select(f => f.Name))}).");
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
                case QueryInputTypes.IdField:
                    conditions.Add(Ids(kind, Object(value)));
                    break;
                case FilterConvention.And:
                    conditions.Add(new AllOf([.. List(value).Select(item => Entity(kind, Object(item)))]));
                    break;
                case FilterConvention.Or:
                    conditions.Add(new AnyOf([.. List(value).Select(item => Entity(kind, Object(item)))]));
                    break;
                case FilterConvention.Not:
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
                        var scores = ScoreTable.Pending(measure);
                        conditions.Add(Operations(name, Object(value), (op, operand, _) => new ScoreComparison(scores, op, operand)));
                    }
                    else if (FieldName(kind, name) is { } field)
                    {
                        conditions.Add(Comparisons(field, Object(value)));
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
        // announcedBy (Hot Chocolate's shape: the target's filter) or announcedByEdge (with the relationship's conditions).
        var edgeField = field.EndsWith(QueryInputTypes.EdgeSuffix, StringComparison.Ordinal)
            && model.RelationshipFieldsOf(kind.Name).All(f => f.End.Field != field);
        var endField = edgeField ? field[..^QueryInputTypes.EdgeSuffix.Length] : field;
        var (type, direction, end) = model.RelationshipFieldsOf(kind.Name).Single(f => f.End.Field == endField);
        var target = model.Kind(type.TargetKind(direction));
        if (end.Cardinality == Cardinality.One)
        {
            yield return Edge(type, direction, target, RelationshipQuantifier.Some, condition, edgeField);
            yield break;
        }

        foreach (var (name, value) in condition)
        {
            if (value is null)
            {
                continue;
            }

            // some / none / all over the target, someEdge / noneEdge / allEdge with the relationship's conditions too.
            var onEdge = name.EndsWith(QueryInputTypes.EdgeSuffix, StringComparison.Ordinal);
            yield return FilterConvention.QuantifierByName.TryGetValue(onEdge ? name[..^QueryInputTypes.EdgeSuffix.Length] : name, out var quantifier)
                ? Edge(type, direction, target, quantifier.Relationship, Object(value), relationship: onEdge)
                : name == FilterConvention.Any
                    // any: true is "some with no condition", any: false "none".
                    ? new RelationshipFilter(type, direction, value is true ? RelationshipQuantifier.Some : RelationshipQuantifier.None, null, null)
                    : Operations("count", Object(value), (op, operand, _) => CountFilter(type, direction, op, operand!));
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

    /// <summary>
    /// <c>id: { eq / neq / in / nin }</c> on global ids, as conditions on the key: an id of another kind is never this
    /// kind's (eq matches nothing, neq everything); an id this service could not have returned is refused.
    /// </summary>
    private static Filter Ids(EntityKind kind, IDictionary<string, object?> operations)
    {
        string? Key(object? id)
        {
            if (id is null)
            {
                return null;
            }

            var text = id.ToString()!;
            if (GlobalId.Decode(text) is not { } decoded)
            {
                throw new TradeGraphError(ErrorCodes.InvalidId, $"`id`: '{text}' is not an id returned by this service.");
            }

            return decoded.Kind == kind.Name || kind.Name == GraphModel.AnyEntity ? decoded.Key : null;
        }

        return Operations("key", operations, (op, operand, _) => op switch
        {
            ComparisonOperator.In or ComparisonOperator.NotIn => new FieldComparison("key", op, List(operand).Select(Key).Where(k => k is not null).Cast<object?>().ToList()),
            _ when operand is null => new FieldComparison("key", op, null),
            _ when Key(operand) is { } key => new FieldComparison("key", op, key),
            _ => op == ComparisonOperator.Equal ? new AnyOf([]) : new AllOf([]),
        });
    }

    private RelationshipFilter Edge(RelationshipType type, Direction direction, EntityKind target, RelationshipQuantifier quantifier,
        IDictionary<string, object?> condition, bool relationship)
    {
        var targetFields = relationship ? condition.Where(c => c.Key != QueryInputTypes.RelationshipField).ToDictionary(c => c.Key, c => c.Value) : condition;
        var onRelationship = relationship && condition.TryGetValue(QueryInputTypes.RelationshipField, out var r) && r is IDictionary<string, object?> rel
            ? RelationshipProperties(type, rel)
            : null;
        return new RelationshipFilter(type, direction, quantifier, targetFields.Count == 0 ? null : Entity(target, targetFields), onRelationship);
    }

    private Filter RelationshipProperties(RelationshipType type, IDictionary<string, object?> fields)
    {
        var conditions = new List<Filter>();
        foreach (var (name, value) in fields.Where(f => f.Value is not null))
        {
            conditions.Add(name switch
            {
                FilterConvention.And => new AllOf([.. List(value).Select(item => RelationshipProperties(type, Object(item)))]),
                FilterConvention.Or => new AnyOf([.. List(value).Select(item => RelationshipProperties(type, Object(item)))]),
                FilterConvention.Not => new Not(RelationshipProperties(type, Object(value))),
                QueryInputTypes.CitationsField => new AllOf([.. Citations(Object(value))]),
                _ => Comparisons(name, Object(value)),
            });
        }

        return conditions.Count == 1 ? conditions[0] : new AllOf(conditions);
    }

    /// <summary>A field's operation input (<c>{ gt: 3, nlt: 9 }</c>, and / or of them for strings) as a filter on the field.</summary>
    private static Filter Comparisons(string field, IDictionary<string, object?> operations) =>
        Operations(field, operations, (op, operand, ignoreCase) => new FieldComparison(field, op, operand, ignoreCase));

    /// <summary>
    /// An operation input through <see cref="FilterConvention"/>: each operator becomes <paramref name="leaf"/> of its
    /// comparison (a negated one, such as <c>ngt</c>, the <see cref="Not"/> of it), <c>and</c> / <c>or</c> nest,
    /// <c>ignoreCase</c> applies to every operation of the input and of the inputs inside it.
    /// </summary>
    private static Filter Operations(string field, IDictionary<string, object?> operations, Func<ComparisonOperator, object?, bool, Filter> leaf, bool ignoreCase = false)
    {
        ignoreCase = ignoreCase || (operations.TryGetValue(FilterConvention.IgnoreCase, out var flag) && flag is true);
        var conditions = new List<Filter>();
        foreach (var (operation, value) in operations)
        {
            switch (operation)
            {
                case FilterConvention.IgnoreCase:
                    continue;
                case FilterConvention.And when value is not null:
                    conditions.Add(new AllOf([.. List(value).Select(item => Operations(field, Object(item), leaf, ignoreCase))]));
                    continue;
                case FilterConvention.Or when value is not null:
                    conditions.Add(new AnyOf([.. List(value).Select(item => Operations(field, Object(item), leaf, ignoreCase))]));
                    continue;
                case FilterConvention.And or FilterConvention.Or:
                    continue;
            }

            var op = FilterConvention.ByName[operation];
            Filter condition;
            if (op.TakesList)
            {
                condition = value is null
                    ? throw new TradeGraphError(ErrorCodes.InvalidArgument, $"`{operation}: null` on `{field}` compares with nothing; give a list.")
                    : leaf(op.Comparison, List(value).Select(Normalize).ToList(), ignoreCase);
            }
            else if (value is null && op.Comparison is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual))
            {
                throw new TradeGraphError(ErrorCodes.InvalidArgument, $"`{operation}: null` on `{field}` compares with nothing; only eq and neq take null.");
            }
            else
            {
                condition = leaf(op.Comparison, Normalize(value), ignoreCase);
            }

            conditions.Add(op.Negated ? new Not(condition) : condition);
        }

        return conditions.Count == 1 ? conditions[0] : new AllOf(conditions);
    }

    /// <summary>The plain comparisons a list element allows (an alias, a citation): and / or and negated operators are refused.</summary>
    private static IEnumerable<FieldComparison> ElementComparisons(string field, IDictionary<string, object?> operations)
    {
        var condition = Comparisons(field, operations);
        var parts = condition is AllOf all ? all.Filters : [condition];
        return parts.Select(part => part as FieldComparison ?? throw new TradeGraphError(ErrorCodes.InvalidArgument,
            $"`{field}` inside a list element takes plain operations only; write `and` / `or` at the level of the list (some / none / all)."));
    }

    private static IEnumerable<Filter> Aliases(IDictionary<string, object?> condition) =>
        ListConditions(condition, (quantifier, element) => new AliasesFilter(quantifier, element), element => ElementComparisons("value", element));

    private static IEnumerable<Filter> Citations(IDictionary<string, object?> condition) =>
        ListConditions(condition, (quantifier, element) => new CitationsFilter(quantifier, element),
            element => element.Where(f => f.Value is not null).SelectMany(f => ElementComparisons(f.Key, Object(f.Value))));

    /// <summary>A list input (some / none / all of the elements meet the element's conditions; any: there are elements) as filters.</summary>
    private static IEnumerable<Filter> ListConditions(IDictionary<string, object?> condition,
        Func<ListQuantifier, IReadOnlyList<FieldComparison>, Filter> filter, Func<IDictionary<string, object?>, IEnumerable<FieldComparison>> element)
    {
        foreach (var (quantifier, value) in condition.Where(c => c.Value is not null))
        {
            if (quantifier == FilterConvention.Any)
            {
                var any = filter(ListQuantifier.Any, []);
                yield return value is true ? any : new Not(any);
                continue;
            }

            var conditions = element(Object(value)).ToList();
            yield return filter(FilterConvention.QuantifierByName[quantifier].List, conditions);
        }
    }

    /// <summary>The measure a score field (<c>pageRank</c>) stands for, or null when the field is not a score.</summary>
    private static ScoreMeasure? ScoreMeasure(string graphQLName) => ScoreMeasures.OfField(graphQLName);

    /// <summary>The storage name of a scalar field given its GraphQL name (a Source's "title" is its name), or null.</summary>
    private static string? FieldName(EntityKind kind, string graphQLName) =>
        QueryInputTypes.FilterableFields(kind).FirstOrDefault(f => f.Name == graphQLName) is { Name: not null } f && f.Field is { } field ? field : null;

    private static object? Normalize(object? value) => value is int number ? (long)number : value;

    private static IDictionary<string, object?> Object(object? value) =>
        value as IDictionary<string, object?> ?? throw new TradeGraphError(ErrorCodes.InvalidArgument, "Expected an input object.");

    private static IEnumerable<object?> List(object? value) => value is IEnumerable list and not string ? list.Cast<object?>() : [value];
}
