using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Querying.Filtering;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// Translates the backend-neutral <see cref="Filter"/> and <see cref="SortKey"/>s to SQL over the entities,
/// relationships and citations tables. Field names reach the SQL only after being checked against the model;
/// every value is a parameter. Each form of filter is a method (<see cref="IFilterVisitor{TScope, TResult}"/>), each
/// comparison is written by <see cref="SqlComparisonDialect"/>.
/// </summary>
internal sealed class SqlQueryTranslator(GraphModel model, SqlParameters parameters) : IFilterVisitor<SqlQueryTranslator.Row, string>
{
    private readonly SqlComparisonDialect _comparisons = new(parameters);
    private int _aliases;

    /// <summary>The row a condition applies to: its alias, its declared properties, and whether it is an entity's (else a relationship's).</summary>
    internal readonly record struct Row(string Alias, IReadOnlyList<PropertyDefinition> Properties, bool IsEntity);

    public SqlParameters Parameters => parameters;

    /// <summary>A boolean SQL expression for <paramref name="filter"/> on entity alias <paramref name="entity"/> of <paramref name="kind"/>.</summary>
    public string Where(Filter? filter, string entity, EntityKind kind) => filter is null ? "1" : Condition(filter, new Row(entity, kind.Properties, IsEntity: true));

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

    private string Condition(Filter filter, Row row) => filter.Accept(this, row);

    string IFilterVisitor<Row, string>.AllOf(AllOf filter, Row row) => TextConditions.All(filter, this, row, whenNone: "1");

    string IFilterVisitor<Row, string>.AnyOf(AnyOf filter, Row row) => TextConditions.Any(filter, this, row, whenNone: "0");

    string IFilterVisitor<Row, string>.Not(Not filter, Row row) => $"NOT COALESCE({Condition(filter.Filter, row)}, 0)";

    string IFilterVisitor<Row, string>.Field(FieldComparison filter, Row row) =>
        _comparisons.Apply(FieldExpression(row.Alias, filter.Field, row.Properties, row.IsEntity ? "entity" : "relationship"), filter);

    string IFilterVisitor<Row, string>.Aliases(AliasesFilter filter, Row row) => Aliases(filter, row.Alias);

    string IFilterVisitor<Row, string>.Citations(CitationsFilter filter, Row row) => Citations(filter, row.Alias, row.IsEntity ? 'E' : 'R');

    string IFilterVisitor<Row, string>.Relationship(RelationshipFilter filter, Row row) => Relationship(filter, row.Alias);

    string IFilterVisitor<Row, string>.RelationshipCount(RelationshipCountFilter filter, Row row) =>
        _comparisons.Apply(RelationshipCount(filter.Type, filter.Direction, row.Alias), filter);

    string IFilterVisitor<Row, string>.Score(ScoreComparison filter, Row row) => row.IsEntity
        ? _comparisons.Apply(Score(filter.Scores, row.Alias), filter)
        : throw new NotSupportedException(nameof(ScoreComparison));

    private string Aliases(AliasesFilter filter, string entity)
    {
        string Element() => filter.Element.Count == 0 ? "1" : string.Join(" AND ", filter.Element.Select(c => _comparisons.Apply("alias.value", c)));
        var aliases = $"SELECT 1 FROM json_each({entity}.aliases) alias WHERE";
        return Quantifiers.Match(filter.Quantifier,
            some: () => $"EXISTS ({aliases} {Element()})",
            none: () => $"NOT EXISTS ({aliases} {Element()})",
            all: () => $"NOT EXISTS ({aliases} NOT COALESCE({Element()}, 0))",
            notEmpty: () => $"json_array_length({entity}.aliases) > 0");
    }

    /// <summary>Over the fact's rows in citations; a citation is inferred when it has a note.</summary>
    private string Citations(CitationsFilter filter, string fact, char factKind)
    {
        var c = $"c{++_aliases}";
        var rows = $"FROM citations {c} WHERE {c}.fact = '{factKind}' AND {c}.fact_id = {fact}.id";
        string Element() => filter.Element.Count == 0 ? "1" : string.Join(" AND ", filter.Element.Select(comparison =>
        {
            CitationsFilter.CheckField(comparison);
            return _comparisons.Apply($"({c}.note IS NOT NULL)", comparison);
        }));
        return Quantifiers.Match(filter.Quantifier,
            some: () => $"EXISTS (SELECT 1 {rows} AND {Element()})",
            none: () => $"NOT EXISTS (SELECT 1 {rows} AND {Element()})",
            all: () => $"NOT EXISTS (SELECT 1 {rows} AND NOT COALESCE({Element()}, 0))",
            notEmpty: () => $"EXISTS (SELECT 1 {rows})");
    }

    private string Relationship(RelationshipFilter filter, string entity)
    {
        var n = ++_aliases;
        var (anchor, target) = Columns(filter.Direction);
        var targetKind = model.Kind(filter.Type.TargetKind(filter.Direction));
        var conditions = new List<string>();
        if (filter.Target is not null)
        {
            conditions.Add(Condition(filter.Target, new Row($"t{n}", targetKind.Properties, IsEntity: true)));
        }

        if (filter.Relationship is not null)
        {
            conditions.Add(Condition(filter.Relationship, new Row($"r{n}", filter.Type.Properties, IsEntity: false)));
        }

        var match = conditions.Count == 0 ? "1" : string.Join(" AND ", conditions);
        var hop = $"""
            FROM relationships r{n} JOIN entities t{n} ON t{n}.id = r{n}.{target}
            WHERE r{n}.type = {parameters.Add(filter.Type.Name)} AND r{n}.{anchor} = {entity}.id
            """;
        return Quantifiers.Match(filter.Quantifier,
            some: () => $"EXISTS (SELECT 1 {hop} AND {match})",
            none: () => $"NOT EXISTS (SELECT 1 {hop} AND {match})",
            all: () => $"NOT EXISTS (SELECT 1 {hop} AND NOT COALESCE({match}, 0))");
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
