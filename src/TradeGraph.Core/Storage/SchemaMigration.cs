namespace TradeGraph.Core.Storage;

/// <summary>
/// What a store does for <see cref="SchemaMigration"/>: read and record its schema version, run one version's step
/// before and after its model-derived schema, and ensure that schema (idempotent). A step is told the version found, so
/// a store can treat a new database (0) as it must (SQLite builds its tables through every step; Neo4j's bootstrap
/// creates the current schema whole and has nothing to rewrite).
/// </summary>
public interface ISchemaMigrationSession
{
    /// <summary>The version recorded; 0 for a new database.</summary>
    Task<long> ReadVersionAsync(CancellationToken cancellationToken);

    /// <summary>The part of the step to <paramref name="version"/> that comes before the model's schema is ensured.</summary>
    Task BeforeSchemaAsync(long found, int version, CancellationToken cancellationToken);

    /// <summary>The tables, constraints and indexes the model needs, each created only when missing.</summary>
    Task EnsureSchemaAsync(CancellationToken cancellationToken);

    /// <summary>The part of the step to <paramref name="version"/> that needs the model's schema (e.g. data rewritten into a rebuilt index).</summary>
    Task AfterSchemaAsync(long found, int version, CancellationToken cancellationToken);

    /// <summary>Records <paramref name="version"/> as the database's.</summary>
    Task RecordVersionAsync(int version, CancellationToken cancellationToken);
}

/// <summary>
/// The migration order every store follows at start: read the version, refuse a newer one
/// (<see cref="SchemaVersions.RefuseNewer"/>) before touching anything, run each later version's step in version order
/// around the model's schema, then record the current version.
/// </summary>
public static class SchemaMigration
{
    /// <summary>Migrates to <paramref name="current"/>; returns the version found.</summary>
    public static async Task<long> RunAsync(ISchemaMigrationSession session, int current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var found = await session.ReadVersionAsync(cancellationToken);
        SchemaVersions.RefuseNewer(found, current);
        for (var version = (int)found + 1; version <= current; version++)
        {
            await session.BeforeSchemaAsync(found, version, cancellationToken);
        }

        await session.EnsureSchemaAsync(cancellationToken);
        for (var version = (int)found + 1; version <= current; version++)
        {
            await session.AfterSchemaAsync(found, version, cancellationToken);
        }

        await session.RecordVersionAsync(current, cancellationToken);
        return found;
    }
}
