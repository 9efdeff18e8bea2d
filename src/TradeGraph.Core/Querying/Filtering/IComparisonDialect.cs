namespace TradeGraph.Core.Querying.Filtering;

/// <summary>
/// How one store writes a comparison: one method per primitive operator. <see cref="Comparisons"/>
/// maps every <see cref="ComparisonOperator"/> onto these (exhaustively: a new operator does not compile until it is
/// mapped, and a method added here fails every store), after the shared rules: <c>eq</c> / <c>neq</c> null become
/// <see cref="IsNull"/> / <see cref="IsNotNull"/>; a negated operator (<c>nin</c>, <c>ncontains</c>, …) is
/// <see cref="MissingOrNot"/> of its comparison; with ignore-case the operand is folded by <c>TextFolding</c> and the
/// subject by <see cref="Folded"/>. Values arrive as the filter holds them; the dialect binds them (parameters, stored form).
/// A comparison with a missing subject, or with a null operand, is unknown (SQL's NULL): it holds for no row, and
/// <see cref="MissingOrNot"/> of it holds only for the missing subject.
/// </summary>
public interface IComparisonDialect<TSubject, TResult>
{
    /// <summary>The subject compared case- and accent-insensitively (its operand is folded already).</summary>
    TSubject Folded(TSubject subject);

    TResult IsNull(TSubject subject);

    TResult IsNotNull(TSubject subject);

    TResult Equal(TSubject subject, object value);

    /// <summary>Null-safe inequality: a missing subject differs (SQL's <c>IS NOT</c>); never unknown.</summary>
    TResult NotEqual(TSubject subject, object value);

    /// <summary>The subject equals one of <paramref name="values"/>; unknown when none does and the list holds a null.</summary>
    TResult In(TSubject subject, IReadOnlyList<object?> values);

    TResult GreaterThan(TSubject subject, object? value);

    TResult GreaterThanOrEqual(TSubject subject, object? value);

    TResult LessThan(TSubject subject, object? value);

    TResult LessThanOrEqual(TSubject subject, object? value);

    TResult Contains(TSubject subject, object? value);

    TResult StartsWith(TSubject subject, object? value);

    /// <summary>Ends with the operand; an empty operand ends anything, a missing subject included.</summary>
    TResult EndsWith(TSubject subject, object? value);

    /// <summary>The negated operators' rule: the subject is missing, or <paramref name="condition"/> is false (unknown stays unknown).</summary>
    TResult MissingOrNot(TSubject subject, TResult condition);
}
