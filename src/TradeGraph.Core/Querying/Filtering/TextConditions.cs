namespace TradeGraph.Core.Querying.Filtering;

/// <summary>
/// <c>and</c> / <c>or</c> for the stores that write conditions as text (SQL, Cypher): the conditions joined in brackets; of
/// none, <c>and</c> holds and <c>or</c> does not, spelled in the store's own literal.
/// </summary>
public static class TextConditions
{
    public static string All<TScope>(AllOf filter, IFilterVisitor<TScope, string> visitor, TScope scope, string whenNone)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return Join(filter.Filters, visitor, scope, " AND ", whenNone);
    }

    public static string Any<TScope>(AnyOf filter, IFilterVisitor<TScope, string> visitor, TScope scope, string whenNone)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return Join(filter.Filters, visitor, scope, " OR ", whenNone);
    }

    private static string Join<TScope>(IReadOnlyList<Filter> filters, IFilterVisitor<TScope, string> visitor, TScope scope, string separator, string whenNone) =>
        filters.Count == 0 ? whenNone : "(" + string.Join(separator, filters.Select(f => f.Accept(visitor, scope))) + ")";
}
