namespace TradeGraph.Core.Querying;

/// <summary>Count of the matching entities and, per numeric or date property asked for, its smallest and largest value.</summary>
public sealed record Aggregate(long Count, IReadOnlyDictionary<string, (object? Min, object? Max)> Ranges);
