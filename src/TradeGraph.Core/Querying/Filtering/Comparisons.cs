using System.Collections;
using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Querying.Filtering;

/// <summary>
/// The one dispatch of <see cref="ComparisonOperator"/> onto a store's <see cref="IComparisonDialect{TSubject, TResult}"/>,
/// with the rules every store shares (see the dialect). The switch has no default arm on purpose: with warnings as
/// errors, an operator added to the enum fails to compile here (CS8509) until it is mapped.
/// </summary>
public static class Comparisons
{
    public static TResult Apply<TSubject, TResult>(this IComparisonDialect<TSubject, TResult> dialect, TSubject subject, FieldComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return dialect.Apply(subject, comparison.Operator, comparison.Value, comparison.IgnoreCaseAndAccents);
    }

    /// <summary>A score (a number, or a list of them for In/NotIn) compared as a field would be.</summary>
    public static TResult Apply<TSubject, TResult>(this IComparisonDialect<TSubject, TResult> dialect, TSubject subject, ScoreComparison score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return dialect.Apply(subject, score.Operator, score.Value, ignoreCaseAndAccents: false);
    }

    /// <summary>A relationship count: one number, so only equality and the orderings (the API spells in / nin as or / not of equalities).</summary>
    public static TResult Apply<TSubject, TResult>(this IComparisonDialect<TSubject, TResult> dialect, TSubject subject, RelationshipCountFilter count)
    {
        ArgumentNullException.ThrowIfNull(count);
        return count.Operator is ComparisonOperator.Equal or ComparisonOperator.NotEqual or ComparisonOperator.GreaterThan
                or ComparisonOperator.GreaterThanOrEqual or ComparisonOperator.LessThan or ComparisonOperator.LessThanOrEqual
            ? dialect.Apply(subject, count.Operator, count.Value, ignoreCaseAndAccents: false)
            : throw new ArgumentException($"A relationship count cannot be compared with {count.Operator}.", nameof(count));
    }

    public static TResult Apply<TSubject, TResult>(this IComparisonDialect<TSubject, TResult> dialect, TSubject subject,
        ComparisonOperator op, object? value, bool ignoreCaseAndAccents)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        if (value is null && op is ComparisonOperator.Equal or ComparisonOperator.NotEqual)
        {
            return op == ComparisonOperator.Equal ? dialect.IsNull(subject) : dialect.IsNotNull(subject);
        }

        // Folding applies to text (or a list of texts), as every store folds only strings.
        var fold = ignoreCaseAndAccents && IsText(value);
        var operand = fold ? Fold(value) : value;
        var compared = fold ? dialect.Folded(subject) : subject;
#pragma warning disable CS8524 // Unnamed enum values are not operators; a named one left out is CS8509, an error.
        return op switch
        {
            ComparisonOperator.Equal => dialect.Equal(compared, operand!),
            ComparisonOperator.NotEqual => dialect.NotEqual(compared, operand!),
            ComparisonOperator.In => dialect.In(compared, List(operand, op)),
            ComparisonOperator.NotIn => dialect.MissingOrNot(compared, dialect.In(compared, List(operand, op))),
            ComparisonOperator.GreaterThan => dialect.GreaterThan(compared, operand),
            ComparisonOperator.GreaterThanOrEqual => dialect.GreaterThanOrEqual(compared, operand),
            ComparisonOperator.LessThan => dialect.LessThan(compared, operand),
            ComparisonOperator.LessThanOrEqual => dialect.LessThanOrEqual(compared, operand),
            ComparisonOperator.Contains => dialect.Contains(compared, operand),
            ComparisonOperator.NotContains => dialect.MissingOrNot(compared, dialect.Contains(compared, operand)),
            ComparisonOperator.StartsWith => dialect.StartsWith(compared, operand),
            ComparisonOperator.NotStartsWith => dialect.MissingOrNot(compared, dialect.StartsWith(compared, operand)),
            ComparisonOperator.EndsWith => dialect.EndsWith(compared, operand),
            ComparisonOperator.NotEndsWith => dialect.MissingOrNot(compared, dialect.EndsWith(compared, operand)),
        };
#pragma warning restore CS8524
    }

    private static bool IsText(object? value) =>
        value is string || (value is IEnumerable list and not string && list.Cast<object?>().All(v => v is null or string));

    private static object? Fold(object? value) => value switch
    {
        string text => TextFolding.Fold(text),
        IEnumerable list => list.Cast<object?>().Select(v => v is string text ? TextFolding.Fold(text) : v).ToList(),
        _ => value,
    };

    private static IReadOnlyList<object?> List(object? value, ComparisonOperator op) => value switch
    {
        IReadOnlyList<object?> list => list,
        IEnumerable list and not string => [.. list.Cast<object?>()],
        _ => throw new ArgumentException($"{op} compares with a list of values.", nameof(value)),
    };
}
