using System.Collections;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Neo4j.Cypher;

/// <summary>
/// Translates the backend-neutral <see cref="Filter"/> and <see cref="SortKey"/>s to Cypher predicates and expressions,
/// as <c>SqlQueryTranslator</c> does to SQL, keeping SQL's three-valued logic where the two differ: a <c>not</c> holds
/// when its condition is unknown (null), an <c>nin</c> or <c>neq</c> holds for a missing value. Field names reach the
/// text only as model property definitions or store names, through <see cref="CypherNames"/>; every value is a parameter.
/// </summary>
internal sealed class CypherQueryTranslator(GraphModel model, ParameterBag parameters)
{
    private readonly Dictionary<ScoreTable, string> _scoreMaps = [];
    private int _variables;

    private enum Scope
    {
        Entity,
        Relationship,
    }

    public ParameterBag Parameters => parameters;

    /// <summary>A predicate for <paramref name="filter"/> on node variable <paramref name="node"/> of <paramref name="kind"/> ("true" without one).</summary>
    public string Where(Filter? filter, string node, EntityKind kind) => filter is null ? "true" : Condition(filter, node, kind.Properties, Scope.Entity);

    /// <summary>The expression a sort key orders by, and whether its values are dates (cursors hold them as text).</summary>
    public (string Expression, bool IsDate) SortExpression(SortKey key, string node, EntityKind kind) => key switch
    {
        FieldSort field => FieldExpression(node, field.Field, kind.Properties, Scope.Entity),
        RelatedFieldSort related => RelatedValue(related, node),
        RelationshipCountSort count => (RelationshipCount(count.Type, count.Direction, node), false),
        ScoreSort score => (Score(score.Scores, node), false),
        _ => throw new NotSupportedException(key.GetType().Name),
    };

    /// <summary>
    /// Rows strictly after (<paramref name="values"/>, <paramref name="key"/>) in the order of the sort values (bound once
    /// by a WITH, see <see cref="CypherPagePlan"/>), where a null sorts first ascending and last descending, as in SQLite
    /// (ORDER BY spells the same with <see cref="OrderItems"/>): the first value that differs decides, the key when none
    /// does. One flat CASE, so each value is named at most three times however long the order.
    /// </summary>
    public string After(IReadOnlyList<(string Expression, bool Descending, bool IsDate)> order, IReadOnlyList<object?> values,
        string keyExpression, string key, bool keyDescending)
    {
        // "Differs" is null-safe and never unknown, like SQLite's IS NOT, so NOT of the whole is exact too.
        var branches = order.Select((o, i) =>
        {
            var placeholder = values[i] is null ? null : parameters.Value(values[i]!, o.IsDate);
            var after = (o.Descending, placeholder) switch
            {
                (false, null) => "true",
                (false, _) => $"{o.Expression} > {placeholder}",
                (true, null) => "false",
                (true, _) => $"({o.Expression} < {placeholder} OR {o.Expression} IS NULL)",
            };
            var differs = placeholder is null ? $"{o.Expression} IS NOT NULL" : $"NOT coalesce({o.Expression} = {placeholder}, false)";
            return $"WHEN {differs} THEN {after} ";
        }).ToList();
        var keyAfter = $"{keyExpression} {(keyDescending ? "<" : ">")} {parameters.Add(key)}";
        return branches.Count == 0 ? $"({keyAfter})" : $"(CASE {string.Concat(branches)}ELSE {keyAfter} END)";
    }

    /// <summary>ORDER BY items for one sort value with SQLite's null placement: Cypher puts null last ascending, so a null flag sorts first.</summary>
    public static IEnumerable<string> OrderItems(string expression, bool descending)
    {
        var direction = descending ? "DESC" : "ASC";
        return [$"{expression} IS NOT NULL {direction}", $"{expression} {direction}"];
    }

    private string Condition(Filter filter, string variable, IReadOnlyList<PropertyDefinition> properties, Scope scope) => filter switch
    {
        AllOf all => all.Filters.Count == 0 ? "true" : "(" + string.Join(" AND ", all.Filters.Select(f => Condition(f, variable, properties, scope))) + ")",
        AnyOf any => any.Filters.Count == 0 ? "false" : "(" + string.Join(" OR ", any.Filters.Select(f => Condition(f, variable, properties, scope))) + ")",
        Not not => $"NOT coalesce({Condition(not.Filter, variable, properties, scope)}, false)",
        FieldComparison comparison => Compare(FieldExpression(variable, comparison.Field, properties, scope), comparison),
        AliasesFilter aliases when scope == Scope.Entity => Aliases(aliases, variable),
        CitationsFilter citations => Citations(citations, variable),
        RelationshipFilter relationship when scope == Scope.Entity => Relationship(relationship, variable),
        RelationshipCountFilter count when scope == Scope.Entity => count.Operator is ComparisonOperator.Equal or ComparisonOperator.NotEqual
                or ComparisonOperator.GreaterThan or ComparisonOperator.GreaterThanOrEqual or ComparisonOperator.LessThan or ComparisonOperator.LessThanOrEqual
            ? Compare((RelationshipCount(count.Type, count.Direction, variable), false), new FieldComparison("count", count.Operator, count.Value))
            // A count is one number: the API spells in / nin as or / not of equalities.
            : throw new ArgumentException($"A relationship count cannot be compared with {count.Operator}.", nameof(filter)),
        ScoreComparison score when scope == Scope.Entity => Compare((Score(score.Scores, variable), false), new FieldComparison("score", score.Operator, score.Value)),
        _ => throw new NotSupportedException($"{filter.GetType().Name} is not a condition on a {scope.ToString().ToLowerInvariant()}."),
    };

    /// <summary>A node's score: the scores travel once per statement as a map parameter, looked up by the node's key.</summary>
    private string Score(ScoreTable scores, string node)
    {
        if (!_scoreMaps.TryGetValue(scores, out var map))
        {
            _scoreMaps[scores] = map = parameters.Add(scores.Scores);
        }

        return $"{map}[{FieldExpression(node, "key", [], Scope.Entity).Expression}]";
    }

    private string Aliases(AliasesFilter filter, string node)
    {
        var list = $"coalesce({Cypher.Property(node, StoreProperty.Aliases)}, [])";
        if (filter.Quantifier == ListQuantifier.Any)
        {
            return $"size({list}) > 0";
        }

        var alias = "x" + ++_variables;
        var element = Cypher.And(filter.Element.Select(c => Compare((alias, false), c)));
        return $"{Quantifier(filter.Quantifier)}({alias} IN {list} WHERE {Holds(element)})";
    }

    /// <summary>Over the positions of the fact's parallel citation lists; a citation is inferred when its note is not "".</summary>
    private string Citations(CitationsFilter filter, string fact)
    {
        var keys = $"coalesce({Cypher.Property(fact, StoreProperty.SourceKeys)}, [])";
        if (filter.Quantifier == ListQuantifier.Any)
        {
            return $"size({keys}) > 0";
        }

        var i = "x" + ++_variables;
        var inferred = $"(coalesce({Cypher.Property(fact, StoreProperty.SourceNotes)}[{i}], '') <> '')";
        var element = Cypher.And(filter.Element.Select(c =>
        {
            CitationsFilter.CheckField(c);
            return Compare((inferred, false), c);
        }));
        return $"{Quantifier(filter.Quantifier)}({i} IN range(0, size({keys}) - 1) WHERE {Holds(element)})";
    }

    /// <summary>Cypher's list predicate for a quantifier (Any is answered by size before it gets here).</summary>
    private static string Quantifier(ListQuantifier quantifier) => quantifier switch
    {
        ListQuantifier.Some => "any",
        ListQuantifier.None => "none",
        _ => "all",
    };

    /// <summary>An element condition that is unknown does not count, as in SQLite's EXISTS: hence coalesce(…, false).</summary>
    private static string Holds(string element) => element == "true" ? "true" : $"coalesce({element}, false)";

    private string Relationship(RelationshipFilter filter, string node)
    {
        var n = ++_variables;
        var (relationship, target) = ($"r{n}", $"t{n}");
        var targetKind = Cypher.TargetKind(model, filter.Type, filter.Direction);
        var conditions = new List<string>();
        if (filter.Target is not null)
        {
            conditions.Add(Condition(filter.Target, target, targetKind.Properties, Scope.Entity));
        }

        if (filter.Relationship is not null)
        {
            conditions.Add(Condition(filter.Relationship, relationship, filter.Type.Properties, Scope.Relationship));
        }

        var match = Cypher.And(conditions);
        var hop = Cypher.Hop(node, filter.Type, filter.Direction, relationship, target, targetKind);
        return filter.Quantifier switch
        {
            RelationshipQuantifier.Some => $"EXISTS {{ MATCH {hop}{WhereClause(match)} }}",
            RelationshipQuantifier.None => $"NOT EXISTS {{ MATCH {hop}{WhereClause(match)} }}",
            _ when match == "true" => "true",
            _ => $"NOT EXISTS {{ MATCH {hop} WHERE NOT coalesce({match}, false) }}",
        };
    }

    private static string WhereClause(string predicate) => predicate == "true" ? "" : $" WHERE {predicate}";

    private static string RelationshipCount(RelationshipType type, Direction direction, string node) =>
        $"COUNT {{ {Cypher.Hop(node, type, direction, null, null, null)} }}";

    private (string, bool) RelatedValue(RelatedFieldSort sort, string node)
    {
        // The end is single-valued: the value of the one related entity, null when there is none.
        var target = "t" + ++_variables;
        var targetKind = Cypher.TargetKind(model, sort.Type, sort.Direction);
        var (value, isDate) = FieldExpression(target, sort.Field, targetKind.Properties, Scope.Entity);
        return ($"head([{Cypher.Hop(node, sort.Type, sort.Direction, null, target, targetKind)} | {value}])", isDate);
    }

    private string Compare((string Expression, bool IsDate) field, FieldComparison comparison)
    {
        var (subject, isDate) = field;
        if (comparison.IgnoreCaseAndAccents && IsText(comparison.Value))
        {
            return CompareFolded(subject, comparison);
        }

        string Value() => parameters.Value(comparison.Value, isDate);
        return comparison.Operator switch
        {
            ComparisonOperator.Equal when comparison.Value is null => $"{subject} IS NULL",
            ComparisonOperator.NotEqual when comparison.Value is null => $"{subject} IS NOT NULL",
            ComparisonOperator.Equal => $"{subject} = {Value()}",
            ComparisonOperator.NotEqual => $"({subject} IS NULL OR {subject} <> {Value()})",
            ComparisonOperator.In => $"{subject} IN {Value()}",
            ComparisonOperator.NotIn => $"({subject} IS NULL OR NOT {subject} IN {Value()})",
            ComparisonOperator.GreaterThan => $"{subject} > {Value()}",
            ComparisonOperator.GreaterThanOrEqual => $"{subject} >= {Value()}",
            ComparisonOperator.LessThan => $"{subject} < {Value()}",
            ComparisonOperator.LessThanOrEqual => $"{subject} <= {Value()}",
            ComparisonOperator.Contains => $"{subject} CONTAINS {Value()}",
            ComparisonOperator.NotContains => $"({subject} IS NULL OR NOT {subject} CONTAINS {Value()})",
            ComparisonOperator.StartsWith => $"{subject} STARTS WITH {Value()}",
            ComparisonOperator.NotStartsWith => $"({subject} IS NULL OR NOT {subject} STARTS WITH {Value()})",
            ComparisonOperator.EndsWith => $"{subject} ENDS WITH {Value()}",
            ComparisonOperator.NotEndsWith => $"({subject} IS NULL OR NOT {subject} ENDS WITH {Value()})",
            _ => throw new NotSupportedException(comparison.Operator.ToString()),
        };
    }

    /// <summary>Case- and accent-insensitive comparison through <see cref="FoldPattern"/> regular expressions (a parameter each).</summary>
    private string CompareFolded(string subject, FieldComparison comparison)
    {
        string Matches(FoldPattern.Shape shape) => $"{subject} =~ {parameters.Add(FoldPattern.For((string)comparison.Value!, shape))}";
        string Negated(string condition) => $"({subject} IS NULL OR NOT {condition})";
        return comparison.Operator switch
        {
            ComparisonOperator.Equal => Matches(FoldPattern.Shape.Equal),
            ComparisonOperator.NotEqual => Negated(Matches(FoldPattern.Shape.Equal)),
            ComparisonOperator.In => InFolded(subject, (IEnumerable)comparison.Value!),
            ComparisonOperator.NotIn => Negated(InFolded(subject, (IEnumerable)comparison.Value!)),
            ComparisonOperator.Contains => Matches(FoldPattern.Shape.Contains),
            ComparisonOperator.NotContains => Negated(Matches(FoldPattern.Shape.Contains)),
            ComparisonOperator.StartsWith => Matches(FoldPattern.Shape.StartsWith),
            ComparisonOperator.NotStartsWith => Negated(Matches(FoldPattern.Shape.StartsWith)),
            ComparisonOperator.EndsWith => Matches(FoldPattern.Shape.EndsWith),
            ComparisonOperator.NotEndsWith => Negated(Matches(FoldPattern.Shape.EndsWith)),
            // Orderings have no regular expression: lower case only (no offered filter asks for it).
            _ => Compare(($"toLower({subject})", false), comparison with { Value = ((string)comparison.Value!).ToLowerInvariant(), IgnoreCaseAndAccents = false }),
        };
    }

    /// <summary>SQL's IN over folded text: true when one matches, unknown when none does but the list holds a null, else false.</summary>
    private string InFolded(string subject, IEnumerable values)
    {
        var items = values.Cast<object?>().ToList();
        var texts = items.OfType<string>().ToList();
        var alternatives = new List<string>();
        if (texts.Count > 0)
        {
            alternatives.Add($"{subject} =~ {parameters.Add(FoldPattern.AnyOf(texts))}");
        }

        if (items.Contains(null))
        {
            alternatives.Add("null");
        }

        return alternatives.Count == 0 ? "false" : "(" + string.Join(" OR ", alternatives) + ")";
    }

    /// <summary>Whether folding applies: to text, or a list of texts (and nulls), as SQLite folds only strings.</summary>
    private static bool IsText(object? value) =>
        value is string || (value is IEnumerable list and not string && list.Cast<object?>().All(v => v is null or string));

    /// <summary>A field of a node (or relationship); only model-declared names and the entity's own fields get through.</summary>
    private static (string Expression, bool IsDate) FieldExpression(string variable, string field, IReadOnlyList<PropertyDefinition> properties, Scope scope)
    {
        if (scope == Scope.Entity && field is "key" or "name" or "description")
        {
            var property = field switch
            {
                "key" => StoreProperty.Key,
                "name" => StoreProperty.Name,
                _ => StoreProperty.Description,
            };
            return (Cypher.Property(variable, property), false);
        }

        return properties.FirstOrDefault(p => p.Name == field) is { } declared
            ? (Cypher.Property(variable, declared), declared.Type == PropertyType.Date)
            : throw new ArgumentException($"'{field}' is not a field of this {scope.ToString().ToLowerInvariant()}.", nameof(field));
    }
}
