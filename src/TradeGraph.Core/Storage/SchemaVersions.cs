namespace TradeGraph.Core.Storage;

/// <summary>The rule every store applies to the schema version it finds at start.</summary>
public static class SchemaVersions
{
    /// <summary>
    /// Refuses a database written by a newer release: it may have changed the layout, and reading it would misread
    /// rather than fail. An older (or absent, 0) version is migrated by the store.
    /// </summary>
    public static void RefuseNewer(long stored, int known)
    {
        if (stored > known)
        {
            throw new InvalidOperationException($"The database was written by a newer TradeGraph (schema version {stored}; this release knows {known}).");
        }
    }
}
