using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Writing;

/// <summary>
/// The entity kinds a batch may touch (an API key limited to some kinds), and the one rule every store applies with it:
/// a write touches the kind it names, the stored kinds of both ends of a relationship it connects or disconnects, and,
/// for a detaching delete, the kinds at the far end of every relationship it removes and of every fact whose citation
/// it removes. WriteRules resolves those kinds through the store's write session, inside its transaction; this decides.
/// </summary>
public sealed record KindScope(IReadOnlySet<string>? Kinds)
{
    /// <summary>Every kind (a key without a kind list, or the server's own writes).</summary>
    public static KindScope All { get; } = new((IReadOnlySet<string>?)null);

    public bool IsRestricted => Kinds is not null;

    public bool Allows(string kind) => Kinds is null || Kinds.Contains(kind);

    /// <summary>The FORBIDDEN refusal naming the kinds of <paramref name="touched"/> outside the scope; null when all are inside.</summary>
    public WriteError? Refusal(IEnumerable<string> touched, string what, params string[] path)
    {
        ArgumentNullException.ThrowIfNull(touched);
        if (Kinds is null)
        {
            return null;
        }

        var refused = touched.Where(k => !Kinds.Contains(k)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return refused.Count == 0
            ? null
            : new WriteError(WriteErrorCodes.Forbidden,
                $"{what} touches {string.Join(", ", refused)}, which this key may not write (it may write {string.Join(", ", Kinds.Order(StringComparer.Ordinal))}).",
                path);
    }
}

/// <summary>A fact that cites a Source being deleted: its history key (<see cref="FactKey"/>), the kinds it involves, and the citation.</summary>
public sealed record CitingFact(string Fact, IReadOnlyList<string> Kinds, SourceReference Citation);

/// <summary>
/// What a detaching delete removes besides the entity itself: its relationships (with the kinds of both ends) and, for
/// a Source, its citations on other facts. WriteRules reads this through the store's write session; the rules below decide.
/// </summary>
public sealed record DetachEffect(string Kind, IReadOnlyList<(string FromKind, string ToKind)> RelationshipEnds, IReadOnlyList<CitingFact> Citing)
{
    /// <summary>Every kind the delete touches: its own, both ends of each removed relationship, each citing fact's.</summary>
    public IEnumerable<string> TouchedKinds =>
        RelationshipEnds.SelectMany(e => new[] { e.FromKind, e.ToKind }).Concat(Citing.SelectMany(c => c.Kinds)).Prepend(Kind);

    /// <summary>The entity kind or relationship type of a citing fact, as history records it.</summary>
    public string KindOf(string fact) => FactKey.TryParseRelationship(fact, out var type, out _, out _)
        ? type
        : Citing.First(c => c.Fact == fact).Kinds[0];

    /// <summary>The UPDATED revision each citing fact gets: per fact, the citations removed from it (in key and locator order, whatever the store's).</summary>
    public IEnumerable<(string Fact, List<FieldChange> Changes)> CitationRemovals =>
        Citing.GroupBy(c => c.Fact, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, FieldChanges.OfRemovedCitations(g.Select(c => c.Citation).OrderBy(c => c.Locator ?? "", StringComparer.Ordinal))));
}
