namespace TradeGraph.Core.Querying;

/// <summary>
/// A page of the entities of one kind that match <see cref="Filter"/>, in <see cref="Order"/> then by key, each with the
/// <see cref="Parts"/> asked for (all unless told).
/// </summary>
public sealed record EntityQuery(string Kind, PageRequest Page, Filter? Filter = null, IReadOnlyList<SortKey>? Order = null, EntityParts Parts = EntityParts.All)
{
    public IReadOnlyList<SortKey> SortKeys => Order ?? [];
}
