using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;

namespace TradeGraph.Core.Storage.InMemory;

/// <summary>
/// One <see cref="FieldComparison"/> as a test of a stored value, with the store of record's SQL semantics: <c>eq</c> /
/// range operators never match null; <c>neq</c> is <c>IS NOT</c> (null matches); the negated string operators and
/// <c>nin</c> match null; <c>nin</c> with a null in its list matches nothing else (SQL's NOT IN); string operators are
/// case-sensitive and ordinal unless <c>IgnoreCaseAndAccents</c>, which folds both sides; an empty suffix ends anything,
/// null included.
/// </summary>
internal static class ComparisonPredicate
{
    public static Func<object?, bool> For(FieldComparison comparison)
    {
        var fold = comparison.IgnoreCaseAndAccents;
        var value = Operand(comparison.Value, fold);
        Func<object?, object?> subject = fold ? s => s is null ? null : FoldCache.Fold(StoredValues.Text(s)!) : s => s;
        return comparison.Operator switch
        {
            ComparisonOperator.Equal when comparison.Value is null => s => s is null,
            ComparisonOperator.NotEqual when comparison.Value is null => s => s is not null,
            ComparisonOperator.Equal => s => subject(s) is { } x && StoredValues.Compare(x, value) == 0,
            ComparisonOperator.NotEqual => s => subject(s) is not { } x || StoredValues.Compare(x, value) != 0,
            ComparisonOperator.In => In(comparison, fold, subject),
            ComparisonOperator.NotIn => NotIn(comparison, fold, subject),
            ComparisonOperator.GreaterThan => Ordered(subject, value, c => c > 0),
            ComparisonOperator.GreaterThanOrEqual => Ordered(subject, value, c => c >= 0),
            ComparisonOperator.LessThan => Ordered(subject, value, c => c < 0),
            ComparisonOperator.LessThanOrEqual => Ordered(subject, value, c => c <= 0),
            ComparisonOperator.Contains => Text(subject, value, (s, v) => s.Contains(v, StringComparison.Ordinal), whenNull: false),
            ComparisonOperator.NotContains => Text(subject, value, (s, v) => !s.Contains(v, StringComparison.Ordinal), whenNull: true),
            ComparisonOperator.StartsWith => Text(subject, value, (s, v) => s.StartsWith(v, StringComparison.Ordinal), whenNull: false),
            ComparisonOperator.NotStartsWith => Text(subject, value, (s, v) => !s.StartsWith(v, StringComparison.Ordinal), whenNull: true),
            ComparisonOperator.EndsWith => EndsWith(subject, value),
            ComparisonOperator.NotEndsWith => Text(subject, value, (s, v) => !s.EndsWith(v, StringComparison.Ordinal), whenNull: true),
            _ => throw new NotSupportedException(comparison.Operator.ToString()),
        };
    }

    private static object? Operand(object? value, bool fold) =>
        fold && value is string text ? TextFolding.Fold(text) : StoredValues.Of(value);

    private static Func<object?, bool> Ordered(Func<object?, object?> subject, object? value, Func<int, bool> holds) =>
        value is null ? _ => false : s => subject(s) is { } x && holds(StoredValues.Compare(x, value));

    /// <summary>
    /// A text operator: a null subject gives <paramref name="whenNull"/> (the negated operators are written
    /// <c>s IS NULL OR …</c>); a null operand makes the SQL unknown, which matches nothing.
    /// </summary>
    private static Func<object?, bool> Text(Func<object?, object?> subject, object? value, Func<string, string, bool> holds, bool whenNull)
    {
        if (StoredValues.Text(value) is not { } operand)
        {
            return s => whenNull && s is null;
        }

        return s => subject(s) is { } x ? holds(StoredValues.Text(x)!, operand) : whenNull;
    }

    /// <summary><c>length(v) = 0 OR substr(s, -length(v)) = v</c>: an empty suffix matches even a null subject.</summary>
    private static Func<object?, bool> EndsWith(Func<object?, object?> subject, object? value) => StoredValues.Text(value) switch
    {
        null => _ => false,
        "" => _ => true,
        var operand => s => subject(s) is { } x && StoredValues.Text(x)!.EndsWith(operand, StringComparison.Ordinal),
    };

    private static Func<object?, bool> In(FieldComparison comparison, bool fold, Func<object?, object?> subject)
    {
        var list = List(comparison, fold);
        return s => subject(s) is { } x && list.Any(v => v is not null && StoredValues.Compare(x, v) == 0);
    }

    private static Func<object?, bool> NotIn(FieldComparison comparison, bool fold, Func<object?, object?> subject)
    {
        var list = List(comparison, fold);
        var hasNull = list.Any(v => v is null);
        return s => subject(s) is not { } x || (!hasNull && !list.Any(v => StoredValues.Compare(x, v) == 0));
    }

    private static object?[] List(FieldComparison comparison, bool fold) =>
        [.. ((IEnumerable<object?>)comparison.Value!).Select(v => Operand(v, fold))];
}
