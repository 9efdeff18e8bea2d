using TradeGraph.Core.Querying;
using TradeGraph.Core.Querying.Filtering;

namespace TradeGraph.Core.Storage.InMemory;

/// <summary>
/// A comparison as a test of a stored value, with the store of record's SQL semantics: the read model's dialect
/// (<see cref="IComparisonDialect{TSubject, TResult}"/>) answers in SQL's three values (null = unknown), so Core's rules
/// (<see cref="Comparisons"/>: <c>n…</c> = missing or not, folding) give what SQLite gives; <see cref="For(FieldComparison)"/>
/// turns unknown into false, as SQLite's WHERE does. <c>eq</c> / range operators never match null; <c>neq</c> is
/// <c>IS NOT</c>; a null in an <c>in</c> list makes a miss unknown (so <c>nin</c> matches nothing else); string operators
/// are ordinal on the stored text; an empty suffix ends anything, null included. The subject is how a stored value is read
/// for the comparison: as it is, or folded.
/// </summary>
internal sealed class ComparisonPredicate : IComparisonDialect<Func<object?, object?>, Func<object?, bool?>>
{
    private static readonly ComparisonPredicate Dialect = new();
    private static readonly Func<object?, object?> AsStored = s => s;
    private static readonly Func<object?, object?> AsFolded = s => s is null ? null : FoldCache.Fold(StoredValues.Text(s)!);

    public static Func<object?, bool> For(FieldComparison comparison) => Holds(Dialect.Apply(AsStored, comparison));

    public static Func<object?, bool> For(ScoreComparison score) => Holds(Dialect.Apply(AsStored, score));

    public static Func<object?, bool> For(RelationshipCountFilter count) => Holds(Dialect.Apply(AsStored, count));

    public Func<object?, object?> Folded(Func<object?, object?> subject) => AsFolded;

    public Func<object?, bool?> IsNull(Func<object?, object?> subject) => s => s is null;

    public Func<object?, bool?> IsNotNull(Func<object?, object?> subject) => s => s is not null;

    public Func<object?, bool?> Equal(Func<object?, object?> subject, object value)
    {
        var operand = StoredValues.Of(value);
        return s => subject(s) is { } x ? StoredValues.Compare(x, operand) == 0 : null;
    }

    public Func<object?, bool?> NotEqual(Func<object?, object?> subject, object value)
    {
        var operand = StoredValues.Of(value);
        return s => subject(s) is not { } x || StoredValues.Compare(x, operand) != 0;
    }

    public Func<object?, bool?> In(Func<object?, object?> subject, IReadOnlyList<object?> values)
    {
        object?[] list = [.. values.Select(StoredValues.Of)];
        bool? miss = list.Any(v => v is null) ? null : false;
        return s => subject(s) is { } x ? (AnyEqual(list, x) ? true : miss) : null;

        // A loop, not a lambda over x: that would be allocated per row.
        static bool AnyEqual(object?[] list, object x)
        {
            foreach (var v in list)
            {
                if (v is not null && StoredValues.Compare(x, v) == 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public Func<object?, bool?> GreaterThan(Func<object?, object?> subject, object? value) => Ordered(subject, value, c => c > 0);

    public Func<object?, bool?> GreaterThanOrEqual(Func<object?, object?> subject, object? value) => Ordered(subject, value, c => c >= 0);

    public Func<object?, bool?> LessThan(Func<object?, object?> subject, object? value) => Ordered(subject, value, c => c < 0);

    public Func<object?, bool?> LessThanOrEqual(Func<object?, object?> subject, object? value) => Ordered(subject, value, c => c <= 0);

    public Func<object?, bool?> Contains(Func<object?, object?> subject, object? value) =>
        Text(subject, value, (s, v) => s.Contains(v, StringComparison.Ordinal));

    public Func<object?, bool?> StartsWith(Func<object?, object?> subject, object? value) =>
        Text(subject, value, (s, v) => s.StartsWith(v, StringComparison.Ordinal));

    /// <summary><c>length(v) = 0 OR substr(s, -length(v)) = v</c>: an empty suffix matches even a null subject.</summary>
    public Func<object?, bool?> EndsWith(Func<object?, object?> subject, object? value) => StoredValues.Text(value) switch
    {
        "" => _ => true,
        _ => Text(subject, value, (s, v) => s.EndsWith(v, StringComparison.Ordinal)),
    };

    public Func<object?, bool?> MissingOrNot(Func<object?, object?> subject, Func<object?, bool?> condition) =>
        s => s is null ? true : !condition(s);

    private static Func<object?, bool> Holds(Func<object?, bool?> test) => s => test(s) == true;

    private static Func<object?, bool?> Ordered(Func<object?, object?> subject, object? value, Func<int, bool> holds)
    {
        var operand = StoredValues.Of(value);
        return operand is null ? _ => null : s => subject(s) is { } x ? holds(StoredValues.Compare(x, operand)) : null;
    }

    /// <summary>A text operator on the stored text: unknown for a null subject or a null operand.</summary>
    private static Func<object?, bool?> Text(Func<object?, object?> subject, object? value, Func<string, string, bool> holds)
    {
        if (StoredValues.Text(value) is not { } operand)
        {
            return _ => null;
        }

        return s => subject(s) is { } x ? holds(StoredValues.Text(x)!, operand) : null;
    }
}
