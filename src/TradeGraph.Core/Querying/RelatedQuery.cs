using TradeGraph.Core.Model;

namespace TradeGraph.Core.Querying;

/// <summary>
/// One hop over <paramref name="Type"/> in <paramref name="Direction"/> from many anchor entities at once, keeping the
/// targets that match <paramref name="Filter"/>, in <paramref name="Order"/> then by key, paged per anchor; each target and
/// the relationship walked to it with the <paramref name="Parts"/> asked for (all unless told).
/// </summary>
public sealed record RelatedQuery(
    RelationshipType Type,
    Direction Direction,
    IReadOnlyCollection<string> AnchorKeys,
    PageRequest Page,
    Filter? Filter = null,
    IReadOnlyList<SortKey>? Order = null,
    EntityParts Parts = EntityParts.All)
{
    public IReadOnlyList<SortKey> SortKeys => Order ?? [];
}
