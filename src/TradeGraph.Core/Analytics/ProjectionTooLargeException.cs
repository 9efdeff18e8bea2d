using System.Globalization;

namespace TradeGraph.Core.Analytics;

/// <summary>
/// A projection would hold more nodes and relationships than its limit allows (<see cref="ProjectionFilter.MaxSize"/>).
/// The message names the size and the limit; narrow the projection by kinds, relationship types or a date window.
/// </summary>
public sealed class ProjectionTooLargeException(long nodeCount, long relationshipCount, long limit)
    : Exception(string.Create(CultureInfo.InvariantCulture,
        $"The projection would hold {nodeCount + relationshipCount:N0} nodes and relationships ({nodeCount:N0} nodes, {relationshipCount:N0} relationships); the limit is {limit:N0}. Narrow it with node kinds, relationship types or a date window."))
{
    public long NodeCount { get; } = nodeCount;

    public long RelationshipCount { get; } = relationshipCount;

    /// <summary>Nodes plus relationships.</summary>
    public long Size => NodeCount + RelationshipCount;

    public long Limit { get; } = limit;
}
