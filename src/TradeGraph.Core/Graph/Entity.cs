namespace TradeGraph.Core.Graph;

/// <summary>
/// One entity of the graph. <see cref="Key"/> is a readable slug, unique across the whole graph.
/// <see cref="Properties"/> holds the kind's declared properties as CLR values
/// (string, long, double, bool, <see cref="DateOnly"/>; enum values as their names).
/// </summary>
public sealed record Entity(
    string Kind,
    string Key,
    string Name,
    IReadOnlyList<string> Aliases,
    string? Description,
    IReadOnlyDictionary<string, object?> Properties,
    IReadOnlyList<SourceReference> Sources)
{
    public object? Property(string name) => Properties.TryGetValue(name, out var value) ? value : null;
}
