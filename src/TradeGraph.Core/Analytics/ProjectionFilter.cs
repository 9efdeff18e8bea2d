using System.Text;
using TradeGraph.Core.Storage;

namespace TradeGraph.Core.Analytics;

/// <summary>
/// What a <see cref="GraphProjection"/> keeps: entities of some kinds, relationships of some types between them, an
/// optional date window, how relationships are walked and what they weigh. Two filters are equal when they keep the
/// same things (kinds and types compared as sets), so a filter can key a cache of projections.
/// </summary>
public sealed record ProjectionFilter
{
    /// <summary>The default <see cref="MaxSize"/>: a million nodes and relationships.</summary>
    public const int DefaultMaxSize = 1_000_000;

    /// <summary>Everything, directed, unweighted, up to the default size.</summary>
    public static ProjectionFilter All { get; } = new();

    /// <summary>Entity kinds to keep (Official, Meeting); null keeps every kind.</summary>
    public IReadOnlyCollection<string>? Kinds { get; init; }

    /// <summary>Relationship types to keep (PARTICIPATES_IN); null keeps every type whose two ends are kept.</summary>
    public IReadOnlyCollection<string>? RelationshipTypes { get; init; }

    /// <summary>How algorithms walk relationships unless a call says otherwise.</summary>
    public EdgeDirection Direction { get; init; } = EdgeDirection.Directed;

    /// <summary>Keeps only dated entities and relationships whose dates fall in it; null keeps all.</summary>
    public DateWindow? DateWindow { get; init; }

    /// <summary>
    /// A numeric relationship property used as the weight (cost for weighted paths, strength for PageRank and
    /// Louvain); a relationship without it weighs 1. Null: every relationship weighs 1.
    /// </summary>
    public string? WeightProperty { get; init; }

    /// <summary>Most nodes plus relationships the projection may hold; more throws <see cref="ProjectionTooLargeException"/>.</summary>
    public int MaxSize { get; init; } = DefaultMaxSize;

    /// <summary>A canonical text of the filter: equal filters have equal keys.</summary>
    public string CacheKey
    {
        get
        {
            var text = new StringBuilder();
            text.Append("kinds=").AppendJoin(',', Canonical(Kinds) ?? ["*"]);
            text.Append(";types=").AppendJoin(',', Canonical(RelationshipTypes) ?? ["*"]);
            text.Append(";direction=").Append(Direction);
            text.Append(";window=").Append(DateWindow is { } w ? $"{w.From:O}..{w.To:O}{(w.IncludeUndated ? "" : "!")}" : "*");
            text.Append(";weight=").Append(WeightProperty ?? "*");
            text.Append(";max=").Append(MaxSize);
            return text.ToString();
        }
    }

    /// <summary>
    /// The most nodes plus relationships a projection with this filter can hold, from the store's counts alone:
    /// entities of the kept kinds plus relationships of the kept types. The real size is smaller when relationships
    /// reach dropped kinds or a date window drops things; compare it with <see cref="MaxSize"/> to refuse early.
    /// </summary>
    public long EstimateSize(GraphStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var nodes = statistics.EntitiesByKind.Where(p => Kinds is null || Kinds.Contains(p.Key)).Sum(p => p.Value);
        var relationships = statistics.RelationshipsByType.Where(p => RelationshipTypes is null || RelationshipTypes.Contains(p.Key)).Sum(p => p.Value);
        return nodes + relationships;
    }

    public bool Equals(ProjectionFilter? other) =>
        other is not null && CacheKey == other.CacheKey;

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(CacheKey);

    private static string[]? Canonical(IReadOnlyCollection<string>? names) =>
        names is null ? null : [.. names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
