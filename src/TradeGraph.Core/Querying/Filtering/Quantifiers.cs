namespace TradeGraph.Core.Querying.Filtering;

/// <summary>
/// The quantifiers over a list (aliases, citations) or the entities one hop away, once, for every store: <c>some</c> holds
/// when an element meets the condition, <c>none</c> when none does, <c>all</c> when none fails it (an element whose
/// condition is unknown fails, so <c>all</c> of an empty list holds), and <c>any</c> (lists only; on relationships the API
/// spells it as some / none without a condition) when the list is not empty. A store gives the spelling of each; the
/// switches have no default arm, so a quantifier added to an enum fails to compile here (CS8509) until every store spells it.
/// </summary>
public static class Quantifiers
{
    public static TResult Match<TResult>(ListQuantifier quantifier, Func<TResult> some, Func<TResult> none, Func<TResult> all, Func<TResult> notEmpty)
    {
        ArgumentNullException.ThrowIfNull(some);
        ArgumentNullException.ThrowIfNull(none);
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(notEmpty);
#pragma warning disable CS8524 // Unnamed enum values are not quantifiers; a named one left out is CS8509, an error.
        return quantifier switch
        {
            ListQuantifier.Some => some(),
            ListQuantifier.None => none(),
            ListQuantifier.All => all(),
            ListQuantifier.Any => notEmpty(),
        };
    }

    public static TResult Match<TResult>(RelationshipQuantifier quantifier, Func<TResult> some, Func<TResult> none, Func<TResult> all)
    {
        ArgumentNullException.ThrowIfNull(some);
        ArgumentNullException.ThrowIfNull(none);
        ArgumentNullException.ThrowIfNull(all);
        return quantifier switch
        {
            RelationshipQuantifier.Some => some(),
            RelationshipQuantifier.None => none(),
            RelationshipQuantifier.All => all(),
        };
#pragma warning restore CS8524
    }
}
