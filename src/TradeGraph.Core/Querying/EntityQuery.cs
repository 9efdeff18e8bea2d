namespace TradeGraph.Core.Querying;

/// <summary>A page of the entities of one kind that match <see cref="Filter"/>, in <see cref="Order"/> then by key.</summary>
public sealed record EntityQuery(string Kind, PageRequest Page, Filter? Filter = null, IReadOnlyList<SortKey>? Order = null)
{
    public IReadOnlyList<SortKey> SortKeys => Order ?? [];
}
