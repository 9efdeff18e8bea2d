using TradeGraph.Core.Model;

namespace TradeGraph.Core.Querying;

/// <summary>One hop over <paramref name="Type"/> in <paramref name="Direction"/> from many anchor entities at once.</summary>
public sealed record RelatedQuery(RelationshipType Type, Direction Direction, IReadOnlyCollection<string> AnchorKeys, PageRequest Page);
