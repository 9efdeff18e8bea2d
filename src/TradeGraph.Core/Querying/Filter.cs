using TradeGraph.Core.Model;
using TradeGraph.Core.Querying.Filtering;

namespace TradeGraph.Core.Querying;

/// <summary>
/// A backend-neutral condition on entities (or, inside <see cref="RelationshipFilter.Relationship"/>, on relationships).
/// The GraphQL layer builds it from <c>where</c>; each store translates it (SQL, Cypher, the read model's predicates)
/// through an <see cref="IFilterVisitor{TScope, TResult}"/>: a new form must override <see cref="Accept"/>, which needs a
/// new visitor method, which every store must then implement.
/// </summary>
public abstract record Filter
{
    /// <summary>Calls the <paramref name="visitor"/>'s method for this form.</summary>
    public abstract TResult Accept<TScope, TResult>(IFilterVisitor<TScope, TResult> visitor, TScope scope);
}

/// <summary>Every condition holds (<c>and</c>).</summary>
public sealed record AllOf(IReadOnlyList<Filter> Filters) : Filter
{
    public override TResult Accept<TScope, TResult>(IFilterVisitor<TScope, TResult> visitor, TScope scope) =>
        visitor.AllOf(this, scope);
}

/// <summary>At least one condition holds (<c>or</c>).</summary>
public sealed record AnyOf(IReadOnlyList<Filter> Filters) : Filter
{
    public override TResult Accept<TScope, TResult>(IFilterVisitor<TScope, TResult> visitor, TScope scope) =>
        visitor.AnyOf(this, scope);
}

/// <summary>The condition does not hold (<c>not</c>).</summary>
public sealed record Not(Filter Filter) : Filter
{
    public override TResult Accept<TScope, TResult>(IFilterVisitor<TScope, TResult> visitor, TScope scope) =>
        visitor.Not(this, scope);
}

/// <summary>
/// Compares a field with a value. <see cref="Field"/> is <c>key</c>, <c>name</c>, <c>description</c> or a declared
/// property; <see cref="Value"/> is a CLR value of the field's type, or a list of them for In/NotIn.
/// </summary>
public sealed record FieldComparison(string Field, ComparisonOperator Operator, object? Value, bool IgnoreCaseAndAccents = false) : Filter
{
    public override TResult Accept<TScope, TResult>(IFilterVisitor<TScope, TResult> visitor, TScope scope) =>
        visitor.Field(this, scope);
}

/// <summary>
/// A condition on the aliases list: some / none / all of them meet every one of <see cref="Element"/> (comparisons whose
/// field is ignored: they apply to the alias), or with <see cref="ListQuantifier.Any"/> the list is not empty.
/// </summary>
public sealed record AliasesFilter(ListQuantifier Quantifier, IReadOnlyList<FieldComparison> Element) : Filter
{
    public override TResult Accept<TScope, TResult>(IFilterVisitor<TScope, TResult> visitor, TScope scope) =>
        visitor.Aliases(this, scope);
}

/// <summary>
/// A condition on the citations of the fact (an entity's, or inside <see cref="RelationshipFilter.Relationship"/> the
/// relationship's): some / none / all of them meet every one of <see cref="Element"/> (comparisons on
/// <see cref="InferredField"/>), or with <see cref="ListQuantifier.Any"/> the fact has a citation.
/// </summary>
public sealed record CitationsFilter(ListQuantifier Quantifier, IReadOnlyList<FieldComparison> Element) : Filter
{
    /// <summary>The one field of a citation a filter compares: whether the citation infers the fact (a boolean).</summary>
    public const string InferredField = "inferred";

    /// <summary>Refuses an element that compares anything but <see cref="InferredField"/> (the stores translate only that).</summary>
    public static void CheckField(FieldComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        if (comparison.Field != InferredField)
        {
            throw new ArgumentException($"'{comparison.Field}' is not a field of a citation (only '{InferredField}' is).", nameof(comparison));
        }
    }

    public override TResult Accept<TScope, TResult>(IFilterVisitor<TScope, TResult> visitor, TScope scope) =>
        visitor.Citations(this, scope);
}

/// <summary>
/// A condition on the entities one hop away: some / none / all of them match <see cref="Target"/>, and the relationship
/// walked matches <see cref="Relationship"/> (its properties).
/// </summary>
public sealed record RelationshipFilter(RelationshipType Type, Direction Direction, RelationshipQuantifier Quantifier, Filter? Target, Filter? Relationship) : Filter
{
    public override TResult Accept<TScope, TResult>(IFilterVisitor<TScope, TResult> visitor, TScope scope) =>
        visitor.Relationship(this, scope);
}

/// <summary>
/// Compares an entity's score under a measure computed outside the store (<see cref="ScoreTable"/>) with a number, or a
/// list of them for In/NotIn; an entity without a score compares as null (it matches only <c>neq</c> and <c>nin</c>).
/// </summary>
public sealed record ScoreComparison(ScoreTable Scores, ComparisonOperator Operator, object? Value) : Filter
{
    public override TResult Accept<TScope, TResult>(IFilterVisitor<TScope, TResult> visitor, TScope scope) =>
        visitor.Score(this, scope);
}

/// <summary>A condition on how many relationships of a type an entity has (officials with at least 2 meetings).</summary>
public sealed record RelationshipCountFilter(RelationshipType Type, Direction Direction, ComparisonOperator Operator, long Value) : Filter
{
    public override TResult Accept<TScope, TResult>(IFilterVisitor<TScope, TResult> visitor, TScope scope) =>
        visitor.RelationshipCount(this, scope);
}

public enum ComparisonOperator
{
    Equal,
    NotEqual,
    In,
    NotIn,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
    Contains,
    NotContains,
    StartsWith,
    NotStartsWith,
    EndsWith,
    NotEndsWith,
}

public enum ListQuantifier
{
    Some,
    None,
    All,
    Any,
}

public enum RelationshipQuantifier
{
    Some,
    None,
    All,
}
