namespace TradeGraph.Core.Storage;

/// <summary>
/// What a load changed: facts inserted, facts updated, facts already present as given, and its number among the bulk
/// loads the revision log counts (<see cref="Writing.RevisionLog.BulkLoads"/>; 0 when it changed nothing).
/// </summary>
public sealed record ImportResult(int Inserted, int Updated, int Unchanged, long BulkLoad = 0)
{
    /// <summary>Two loads are alike when they changed alike; the load's number is where the log counted it, not what it did.</summary>
    public bool Equals(ImportResult? other) =>
        other is not null && (Inserted, Updated, Unchanged) == (other.Inserted, other.Updated, other.Unchanged);

    public override int GetHashCode() => HashCode.Combine(Inserted, Updated, Unchanged);
}
