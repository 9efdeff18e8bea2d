namespace TradeGraph.Core.Storage;

/// <summary>What a load changed: facts inserted, facts updated, facts already present as given.</summary>
public sealed record ImportResult(int Inserted, int Updated, int Unchanged);
