namespace TradeGraph.Core.Storage.Import;

/// <summary>
/// The counts of an import as it goes, by one rule for every store: a fact new to the store is inserted; a stored fact
/// whose fields or citations changed is updated; any other is unchanged.
/// </summary>
public sealed class ImportTally
{
    public int Inserted { get; private set; }

    public int Updated { get; private set; }

    public int Unchanged { get; private set; }

    /// <summary>Whether the import changed the graph (what the revision log counts as a bulk load).</summary>
    public bool ChangedAnything => Inserted + Updated > 0;

    public void Count(bool inserted, bool changed, bool cited)
    {
        if (inserted)
        {
            Inserted++;
        }
        else if (changed || cited)
        {
            Updated++;
        }
        else
        {
            Unchanged++;
        }
    }

    public ImportResult ToResult(long bulkLoad = 0) => new(Inserted, Updated, Unchanged, bulkLoad);
}
