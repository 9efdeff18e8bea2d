using TradeGraph.Core.Querying.Filtering;

namespace TradeGraph.Storage.Neo4j.Cypher;

/// <summary>What a Cypher comparison applies to: an expression, whether its values are dates, whether it is folded.</summary>
internal readonly record struct CypherSubject(string Expression, bool IsDate, bool Folded = false);

/// <summary>
/// Cypher's spelling of a comparison, keeping SQL's three-valued answers where the two differ: inequality is written
/// null-safe (<c>s IS NULL OR s &lt;&gt; v</c>, SQLite's <c>IS NOT</c>); Neo4j cannot fold accents, so a folded
/// comparison matches a <see cref="FoldPattern"/> regular expression (a parameter) instead. The operators' rules are
/// Core's (<see cref="Comparisons"/>).
/// </summary>
internal sealed class CypherComparisonDialect(ParameterBag parameters) : IComparisonDialect<CypherSubject, string>
{
    public CypherSubject Folded(CypherSubject subject) => subject with { Folded = true };

    public string IsNull(CypherSubject subject) => $"{subject.Expression} IS NULL";

    public string IsNotNull(CypherSubject subject) => $"{subject.Expression} IS NOT NULL";

    public string Equal(CypherSubject subject, object value) => subject.Folded
        ? Matches(subject, value, FoldPattern.Shape.Equal)
        : $"{subject.Expression} = {Value(subject, value)}";

    public string NotEqual(CypherSubject subject, object value) => subject.Folded
        ? MissingOrNot(subject, Equal(subject, value))
        : $"({subject.Expression} IS NULL OR {subject.Expression} <> {Value(subject, value)})";

    public string In(CypherSubject subject, IReadOnlyList<object?> values) => subject.Folded
        ? InFolded(subject.Expression, values)
        : $"{subject.Expression} IN {Value(subject, values)}";

    public string GreaterThan(CypherSubject subject, object? value) => Ordered(subject, ">", value);

    public string GreaterThanOrEqual(CypherSubject subject, object? value) => Ordered(subject, ">=", value);

    public string LessThan(CypherSubject subject, object? value) => Ordered(subject, "<", value);

    public string LessThanOrEqual(CypherSubject subject, object? value) => Ordered(subject, "<=", value);

    public string Contains(CypherSubject subject, object? value) => subject.Folded
        ? Matches(subject, value, FoldPattern.Shape.Contains)
        : $"{subject.Expression} CONTAINS {Value(subject, value)}";

    public string StartsWith(CypherSubject subject, object? value) => subject.Folded
        ? Matches(subject, value, FoldPattern.Shape.StartsWith)
        : $"{subject.Expression} STARTS WITH {Value(subject, value)}";

    public string EndsWith(CypherSubject subject, object? value) => subject.Folded
        ? Matches(subject, value, FoldPattern.Shape.EndsWith)
        : $"{subject.Expression} ENDS WITH {Value(subject, value)}";

    public string MissingOrNot(CypherSubject subject, string condition) => $"({subject.Expression} IS NULL OR NOT {condition})";

    private string Value(CypherSubject subject, object? value) => parameters.Value(value, subject.IsDate);

    private string Matches(CypherSubject subject, object? value, FoldPattern.Shape shape) =>
        $"{subject.Expression} =~ {parameters.Add(FoldPattern.For((string)value!, shape))}";

    /// <summary>Orderings have no regular expression: folded, they compare lower case (no offered filter asks for it).</summary>
    private string Ordered(CypherSubject subject, string op, object? value) => subject.Folded
        ? $"toLower({subject.Expression}) {op} {parameters.Value(((string)value!).ToLowerInvariant())}"
        : $"{subject.Expression} {op} {Value(subject, value)}";

    /// <summary>SQL's IN over folded text: true when one matches, unknown when none does but the list holds a null, else false.</summary>
    private string InFolded(string subject, IReadOnlyList<object?> values)
    {
        var texts = values.OfType<string>().ToList();
        var alternatives = new List<string>();
        if (texts.Count > 0)
        {
            alternatives.Add($"{subject} =~ {parameters.Add(FoldPattern.AnyOf(texts))}");
        }

        if (values.Contains(null))
        {
            alternatives.Add("null");
        }

        return alternatives.Count == 0 ? "false" : "(" + string.Join(" OR ", alternatives) + ")";
    }
}
