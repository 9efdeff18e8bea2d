using System.Text.Json;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// Translates the backend-neutral <see cref="Filter"/> and <see cref="SortKey"/>s to SQL over the entities,
/// relationships and citations tables. Field names reach the SQL only after being checked against the model;
/// every value is a parameter.
/// </summary>
internal sealed class SqlQueryTranslator(GraphModel model, SqlParameters parameters)
{
    private int _aliases;

    public SqlParameters Parameters => parameters;

    /// <summary>A boolean SQL expression for <paramref name="filter"/> on entity alias <paramref name="entity"/> of <paramref name="kind"/>.</summary>
    public string Where(Filter? filter, string entity, EntityKind kind) => filter is null ? "1" : Condition(filter, entity, kind.Properties, "entity");

    /// <summary>The SQL expression a sort key orders by.</summary>
    public string SortExpression(SortKey key, string entity, EntityKind kind) => key switch
    {
        FieldSort field => FieldExpression(entity, field.Field, kind.Properties),
        RelatedFieldSort related => RelatedValue(related, entity),
        RelationshipCountSort count => RelationshipCount(count.Type, count.Direction, entity),
        ScoreSort score => Score(score.Scores, entity),
        _ => throw new NotSupportedException(key.GetType().Name),
    };

    /// <summary>
    /// Rows strictly after (<paramref name="values"/>, <paramref name="key"/>) in the order of the columns: the first
    /// column that differs from its value decides, the key when none does. One flat CASE, so each column is named at most
    /// three times however long the order (a nested or an expanded OR would be deep, or quadratic). SQLite puts NULL
    /// first ascending and last descending; both cases are spelled out so NULL sort values page correctly.
    /// </summary>
    public string After(IReadOnlyList<(string Column, bool Descending)> order, IReadOnlyList<object?> values, string keyColumn, string key, bool keyDescending)
    {
        var branches = order.Select((o, i) =>
        {
            var placeholder = parameters.Add(values[i]);
            var after = (o.Descending, values[i]) switch
            {
                (false, null) => "1",
                (false, _) => $"{o.Column} > {placeholder}",
                (true, null) => "0",
                (true, _) => $"({o.Column} < {placeholder} OR {o.Column} IS NULL)",
            };
            return $"WHEN {o.Column} IS NOT {placeholder} THEN {after} ";
        }).ToList();
        var keyAfter = $"{keyColumn} {(keyDescending ? "<" : ">")} {parameters.Add(key)}";
        return branches.Count == 0 ? $"({keyAfter})" : $"(CASE {string.Concat(branches)}ELSE {keyAfter} END)";
    }

    private string Condition(Filter filter, string alias, IReadOnlyList<PropertyDefinition> properties, string scope) => filter switch
    {
        AllOf all => all.Filters.Count == 0 ? "1" : "(" + string.Join(" AND ", all.Filters.Select(f => Condition(f, alias, properties, scope))) + ")",
        AnyOf any => any.Filters.Count == 0 ? "0" : "(" + string.Join(" OR ", any.Filters.Select(f => Condition(f, alias, properties, scope))) + ")",
        Not not => $"NOT COALESCE({Condition(not.Filter, alias, properties, scope)}, 0)",
        FieldComparison comparison => Compare(FieldExpression(alias, comparison.Field, properties, scope), comparison),
        AliasesFilter aliases => Aliases(aliases, alias),
        CitationsFilter citations => Citations(citations, alias, scope == "entity" ? 'E' : 'R'),
        RelationshipFilter relationship => Relationship(relationship, alias),
        RelationshipCountFilter count => Compare(RelationshipCount(count.Type, count.Direction, alias),
            new FieldComparison("count", count.Operator, count.Value)),
        ScoreComparison score when scope == "entity" => Compare(Score(score.Scores, alias), new FieldComparison("score", score.Operator, score.Value)),
        _ => throw new NotSupportedException(filter.GetType().Name),
    };

    private string Aliases(AliasesFilter filter, string entity)
    {
        if (filter.Quantifier == ListQuantifier.Any)
        {
            return $"json_array_length({entity}.aliases) > 0";
        }

        var element = filter.Element.Count == 0 ? "1" : string.Join(" AND ", filter.Element.Select(c => Compare("alias.value", c)));
        return filter.Quantifier switch
        {
            ListQuantifier.Some => $"EXISTS (SELECT 1 FROM json_each({entity}.aliases) alias WHERE {element})",
            ListQuantifier.None => $"NOT EXISTS (SELECT 1 FROM json_each({entity}.aliases) alias WHERE {element})",
            _ => $"NOT EXISTS (SELECT 1 FROM json_each({entity}.aliases) alias WHERE NOT COALESCE({element}, 0))",
        };
    }

    /// <summary>Over the fact's rows in citations; a citation is inferred when it has a note.</summary>
    private string Citations(CitationsFilter filter, string fact, char factKind)
    {
        var c = $"c{++_aliases}";
        var rows = $"FROM citations {c} WHERE {c}.fact = '{factKind}' AND {c}.fact_id = {fact}.id";
        if (filter.Quantifier == ListQuantifier.Any)
        {
            return $"EXISTS (SELECT 1 {rows})";
        }

        var element = filter.Element.Count == 0 ? "1" : string.Join(" AND ", filter.Element.Select(comparison =>
        {
            CitationsFilter.CheckField(comparison);
            return Compare($"({c}.note IS NOT NULL)", comparison);
        }));
        return filter.Quantifier switch
        {
            ListQuantifier.Some => $"EXISTS (SELECT 1 {rows} AND {element})",
            ListQuantifier.None => $"NOT EXISTS (SELECT 1 {rows} AND {element})",
            _ => $"NOT EXISTS (SELECT 1 {rows} AND NOT COALESCE({element}, 0))",
        };
    }

    private string Relationship(RelationshipFilter filter, string entity)
    {
        var n = ++_aliases;
        var (anchor, target) = Columns(filter.Direction);
        var targetKind = model.Kind(filter.Type.TargetKind(filter.Direction));
        var conditions = new List<string>();
        if (filter.Target is not null)
        {
            conditions.Add(Condition(filter.Target, $"t{n}", targetKind.Properties, "entity"));
        }

        if (filter.Relationship is not null)
        {
            conditions.Add(Condition(filter.Relationship, $"r{n}", filter.Type.Properties, "relationship"));
        }

        var match = conditions.Count == 0 ? "1" : string.Join(" AND ", conditions);
        var hop = $"""
            FROM relationships r{n} JOIN entities t{n} ON t{n}.id = r{n}.{target}
            WHERE r{n}.type = {parameters.Add(filter.Type.Name)} AND r{n}.{anchor} = {entity}.id
            """;
        return filter.Quantifier switch
        {
            RelationshipQuantifier.Some => $"EXISTS (SELECT 1 {hop} AND {match})",
            RelationshipQuantifier.None => $"NOT EXISTS (SELECT 1 {hop} AND {match})",
            _ => $"NOT EXISTS (SELECT 1 {hop} AND NOT COALESCE({match}, 0))",
        };
    }

    private string RelationshipCount(RelationshipType type, Direction direction, string entity)
    {
        var (anchor, _) = Columns(direction);
        var n = ++_aliases;
        return $"(SELECT COUNT(*) FROM relationships r{n} WHERE r{n}.type = {parameters.Add(type.Name)} AND r{n}.{anchor} = {entity}.id)";
    }

    private string Score(ScoreTable scores, string entity) => $"{SqliteScoringConnection.Function}({parameters.AddScores(scores)}, {entity}.key)";

    private string RelatedValue(RelatedFieldSort sort, string entity)
    {
        var (anchor, target) = Columns(sort.Direction);
        var targetKind = model.Kind(sort.Type.TargetKind(sort.Direction));
        var n = ++_aliases;
        return $"""
            (SELECT {FieldExpression($"t{n}", sort.Field, targetKind.Properties)}
             FROM relationships r{n} JOIN entities t{n} ON t{n}.id = r{n}.{target}
             WHERE r{n}.type = {parameters.Add(sort.Type.Name)} AND r{n}.{anchor} = {entity}.id LIMIT 1)
            """;
    }

    private string Compare(string expression, FieldComparison comparison)
    {
        var fold = comparison.IgnoreCaseAndAccents;
        var subject = fold ? $"tg_fold({expression})" : expression;
        string Value(object? value) => parameters.Add(fold && value is string text ? TextFolding.Fold(text) : value);
        string List() => parameters.Add(JsonSerializer.Serialize(((IEnumerable<object?>)comparison.Value!)
            .Select(v => SqlParameters.ToStored(fold && v is string text ? TextFolding.Fold(text) : v)).Select(v => v is DBNull ? null : v)));

        return comparison.Operator switch
        {
            ComparisonOperator.Equal when comparison.Value is null => $"{expression} IS NULL",
            ComparisonOperator.NotEqual when comparison.Value is null => $"{expression} IS NOT NULL",
            ComparisonOperator.Equal => $"{subject} = {Value(comparison.Value)}",
            ComparisonOperator.NotEqual => $"{subject} IS NOT {Value(comparison.Value)}",
            ComparisonOperator.In => $"{subject} IN (SELECT value FROM json_each({List()}))",
            ComparisonOperator.NotIn => $"({subject} IS NULL OR {subject} NOT IN (SELECT value FROM json_each({List()})))",
            ComparisonOperator.GreaterThan => $"{subject} > {Value(comparison.Value)}",
            ComparisonOperator.GreaterThanOrEqual => $"{subject} >= {Value(comparison.Value)}",
            ComparisonOperator.LessThan => $"{subject} < {Value(comparison.Value)}",
            ComparisonOperator.LessThanOrEqual => $"{subject} <= {Value(comparison.Value)}",
            ComparisonOperator.Contains => $"instr({subject}, {Value(comparison.Value)}) > 0",
            ComparisonOperator.NotContains => $"({subject} IS NULL OR instr({subject}, {Value(comparison.Value)}) = 0)",
            ComparisonOperator.StartsWith => $"substr({subject}, 1, length({Value(comparison.Value)})) = {Value(comparison.Value)}",
            ComparisonOperator.NotStartsWith => $"({subject} IS NULL OR substr({subject}, 1, length({Value(comparison.Value)})) IS NOT {Value(comparison.Value)})",
            ComparisonOperator.EndsWith => EndsWith(subject, Value(comparison.Value)),
            ComparisonOperator.NotEndsWith => $"({subject} IS NULL OR NOT {EndsWith(subject, Value(comparison.Value))})",
            _ => throw new NotSupportedException(comparison.Operator.ToString()),
        };
    }

    private static string EndsWith(string subject, string value) =>
        $"(length({value}) = 0 OR substr({subject}, -length({value})) = {value})";

    /// <summary>The SQL for a field of an entity (or relationship) row; only model-declared names get through.</summary>
    private static string FieldExpression(string alias, string field, IReadOnlyList<PropertyDefinition> properties, string scope = "entity")
    {
        if (scope == "entity" && field is "key" or "name" or "description")
        {
            return $"{alias}.{field}";
        }

        return properties.Any(p => p.Name == field)
            ? $"json_extract({alias}.properties, '$.{field}')"
            : throw new ArgumentException($"'{field}' is not a field of this {scope}.", nameof(field));
    }

    /// <summary>The relationship columns of the anchor and of the target when walking in <paramref name="direction"/>.</summary>
    public static (string Anchor, string Target) Columns(Direction direction) =>
        direction == Direction.Outgoing ? ("from_id", "to_id") : ("to_id", "from_id");
}
