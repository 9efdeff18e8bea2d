namespace TradeGraph.Core.Storage;

/// <summary>
/// What a load changed: facts inserted, facts updated, facts already present as given, and the bulk revision it
/// committed in the revision log (0 when it changed nothing, or the store records none).
/// </summary>
public sealed record ImportResult(int Inserted, int Updated, int Unchanged, long Revision = 0);
