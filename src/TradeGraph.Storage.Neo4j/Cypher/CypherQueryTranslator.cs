using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Querying.Filtering;

namespace TradeGraph.Storage.Neo4j.Cypher;

/// <summary>
/// Translates the backend-neutral <see cref="Filter"/> and <see cref="SortKey"/>s to Cypher predicates and expressions,
/// as <c>SqlQueryTranslator</c> does to SQL, keeping SQL's three-valued logic where the two differ: a <c>not</c> holds
/// when its condition is unknown (null), an <c>nin</c> or <c>neq</c> holds for a missing value. Field names reach the
/// text only as model property definitions or store names, through <see cref="CypherNames"/>; every value is a parameter.
/// </summary>
internal sealed class CypherQueryTranslator(GraphModel model, ParameterBag parameters) : IFilterVisitor<CypherQueryTranslator.Target, string>
{
    private readonly Dictionary<ScoreTable, string> _scoreMaps = [];
    private readonly CypherComparisonDialect _comparisons = new(parameters);
    private int _variables;

    internal enum Scope
    {
        Entity,
        Relationship,
    }

    /// <summary>What a condition applies to: a node (or relationship) variable, its declared properties, and which it is.</summary>
    internal readonly record struct Target(string Variable, IReadOnlyList<PropertyDefinition> Properties, Scope Scope);

    public ParameterBag Parameters => parameters;

    /// <summary>A predicate for <paramref name="filter"/> on node variable <paramref name="node"/> of <paramref name="kind"/> ("true" without one).</summary>
    public string Where(Filter? filter, string node, EntityKind kind) => filter is null ? "true" : Condition(filter, new Target(node, kind.Properties, Scope.Entity));

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

    private string Condition(Filter filter, Target target) => filter.Accept(this, target);

    string IFilterVisitor<Target, string>.AllOf(AllOf filter, Target target) => TextConditions.All(filter, this, target, whenNone: "true");

    string IFilterVisitor<Target, string>.AnyOf(AnyOf filter, Target target) => TextConditions.Any(filter, this, target, whenNone: "false");

    string IFilterVisitor<Target, string>.Not(Not filter, Target target) => $"NOT coalesce({Condition(filter.Filter, target)}, false)";

    string IFilterVisitor<Target, string>.Field(FieldComparison filter, Target target)
    {
        var (expression, isDate) = FieldExpression(target.Variable, filter.Field, target.Properties, target.Scope);
        return _comparisons.Apply(new CypherSubject(expression, isDate), filter);
    }

    string IFilterVisitor<Target, string>.Aliases(AliasesFilter filter, Target target) => Aliases(filter, EntityOnly(filter, target));

    string IFilterVisitor<Target, string>.Citations(CitationsFilter filter, Target target) => Citations(filter, target.Variable);

    string IFilterVisitor<Target, string>.Relationship(RelationshipFilter filter, Target target) => Relationship(filter, EntityOnly(filter, target));

    string IFilterVisitor<Target, string>.RelationshipCount(RelationshipCountFilter filter, Target target) =>
        _comparisons.Apply(new CypherSubject(RelationshipCount(filter.Type, filter.Direction, EntityOnly(filter, target)), false), filter);

    string IFilterVisitor<Target, string>.Score(ScoreComparison filter, Target target) =>
        _comparisons.Apply(new CypherSubject(Score(filter.Scores, EntityOnly(filter, target)), false), filter);

    /// <summary>The node variable of an entity's condition; a form that applies only to entities is refused on a relationship.</summary>
    private static string EntityOnly(Filter filter, Target target) => target.Scope == Scope.Entity
        ? target.Variable
        : throw new NotSupportedException($"{filter.GetType().Name} is not a condition on a {target.Scope.ToString().ToLowerInvariant()}.");

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
        string Over(string predicate)
        {
            var alias = "x" + ++_variables;
            var element = Cypher.And(filter.Element.Select(c => _comparisons.Apply(new CypherSubject(alias, false), c)));
            return $"{predicate}({alias} IN {list} WHERE {Holds(element)})";
        }

        return Quantifiers.Match(filter.Quantifier, some: () => Over("any"), none: () => Over("none"), all: () => Over("all"),
            notEmpty: () => $"size({list}) > 0");
    }

    /// <summary>Over the positions of the fact's parallel citation lists; a citation is inferred when its note is not "".</summary>
    private string Citations(CitationsFilter filter, string fact)
    {
        var keys = $"coalesce({Cypher.Property(fact, StoreProperty.SourceKeys)}, [])";
        string Over(string predicate)
        {
            var i = "x" + ++_variables;
            var inferred = $"(coalesce({Cypher.Property(fact, StoreProperty.SourceNotes)}[{i}], '') <> '')";
            var element = Cypher.And(filter.Element.Select(c =>
            {
                CitationsFilter.CheckField(c);
                return _comparisons.Apply(new CypherSubject(inferred, false), c);
            }));
            return $"{predicate}({i} IN range(0, size({keys}) - 1) WHERE {Holds(element)})";
        }

        return Quantifiers.Match(filter.Quantifier, some: () => Over("any"), none: () => Over("none"), all: () => Over("all"),
            notEmpty: () => $"size({keys}) > 0");
    }

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
            conditions.Add(Condition(filter.Target, new Target(target, targetKind.Properties, Scope.Entity)));
        }

        if (filter.Relationship is not null)
        {
            conditions.Add(Condition(filter.Relationship, new Target(relationship, filter.Type.Properties, Scope.Relationship)));
        }

        var match = Cypher.And(conditions);
        var hop = Cypher.Hop(node, filter.Type, filter.Direction, relationship, target, targetKind);
        return Quantifiers.Match(filter.Quantifier,
            some: () => $"EXISTS {{ MATCH {hop}{WhereClause(match)} }}",
            none: () => $"NOT EXISTS {{ MATCH {hop}{WhereClause(match)} }}",
            all: () => match == "true" ? "true" : $"NOT EXISTS {{ MATCH {hop} WHERE NOT coalesce({match}, false) }}");
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
