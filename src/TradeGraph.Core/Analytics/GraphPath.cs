namespace TradeGraph.Core.Analytics;

/// <summary>A relationship as stored: its type and the keys of its From and To ends (whichever way a path walked it).</summary>
public sealed record RelationshipRef(string Type, string From, string To);

/// <summary>
/// A path: the keys of the nodes walked, in order, and the relationships between consecutive nodes. <see cref="Cost"/>
/// is the number of relationships for unweighted searches, the sum of their weights for weighted ones. "No path" is
/// <see cref="None"/> (no nodes); a path from a node to itself has that one node and no relationships.
/// </summary>
public sealed record GraphPath(IReadOnlyList<string> Nodes, IReadOnlyList<RelationshipRef> Relationships, double Cost)
{
    /// <summary>No path.</summary>
    public static GraphPath None { get; } = new([], [], 0);

    /// <summary>Number of relationships (hops).</summary>
    public int Length => Relationships.Count;

    /// <summary>True for <see cref="None"/>.</summary>
    public bool IsEmpty => Nodes.Count == 0;

    /// <summary>Paths are equal when they walk the same nodes over the same relationships at the same cost.</summary>
    public bool Equals(GraphPath? other) =>
        other is not null && Cost.Equals(other.Cost) && Nodes.SequenceEqual(other.Nodes) && Relationships.SequenceEqual(other.Relationships);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Cost);
        foreach (var node in Nodes)
        {
            hash.Add(node, StringComparer.Ordinal);
        }

        foreach (var relationship in Relationships)
        {
            hash.Add(relationship);
        }

        return hash.ToHashCode();
    }
}

/// <summary>How a path search walks the projection. Unset values take the projection's own.</summary>
public sealed record PathOptions
{
    public static PathOptions Default { get; } = new();

    /// <summary>Most relationships a path may have; null for no limit.</summary>
    public int? MaxHops { get; init; }

    /// <summary>Relationship types a path may use; null for all of the projection's.</summary>
    public IReadOnlyCollection<string>? RelationshipTypes { get; init; }

    /// <summary>How relationships are walked; null for the projection's <see cref="ProjectionFilter.Direction"/>.</summary>
    public EdgeDirection? Direction { get; init; }

    /// <summary>Rank paths by the sum of relationship weights instead of by hops.</summary>
    public bool Weighted { get; init; }

    /// <summary>
    /// For weighted searches, the numeric relationship property to weigh by (missing weighs 1); null uses the
    /// projection's <see cref="ProjectionFilter.WeightProperty"/>.
    /// </summary>
    public string? WeightProperty { get; init; }
}
