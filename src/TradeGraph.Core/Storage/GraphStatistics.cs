namespace TradeGraph.Core.Storage;

/// <summary>Counts of what a store holds, by entity kind and relationship type.</summary>
public sealed record GraphStatistics(IReadOnlyDictionary<string, long> EntitiesByKind, IReadOnlyDictionary<string, long> RelationshipsByType)
{
    public long EntityCount => EntitiesByKind.Values.Sum();

    public long RelationshipCount => RelationshipsByType.Values.Sum();
}
