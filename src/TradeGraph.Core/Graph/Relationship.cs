namespace TradeGraph.Core.Graph;

/// <summary>A directed, typed relationship between two entities (by key), with its properties and provenance.</summary>
public sealed record Relationship(
    string Type,
    string From,
    string To,
    IReadOnlyDictionary<string, object?> Properties,
    IReadOnlyList<SourceReference> Sources)
{
    public object? Property(string name) => Properties.TryGetValue(name, out var value) ? value : null;
}
