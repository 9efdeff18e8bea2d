namespace TradeGraph.Core.Model;

/// <summary>A closed set of values a property may take, such as a trade measure's status.</summary>
public sealed record EnumDefinition(string Name, string Description, IReadOnlyList<string> Values);
