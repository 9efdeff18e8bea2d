using TradeGraph.Core.Graph;
using TradeGraph.Core.Storage;

namespace TradeGraph.Storage.Sqlite;

/// <summary>The whole graph in and out: import, export, the analytics topology, statistics.</summary>
public sealed partial class SqliteGraphStore
{
    public Task<ImportResult> ImportAsync(GraphDocument document, CancellationToken cancellationToken) => SqliteInterruption.RunAsync<ImportResult>(async () =>
    {
        await using var connection = await OpenAsync(cancellationToken);
        // A big load touches many pages: a larger page cache while it runs (bounded, handed back after), and statement
        // journals in memory rather than in a temp file rewritten for every row (most of the time a profile showed).
        await ExecuteAsync(connection, "PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY", cancellationToken);
        try
        {
            // IMMEDIATE: take the write lock up front so concurrent writers queue instead of failing on upgrade.
            await using var transaction = connection.BeginTransaction(deferred: false);
            await using var import = new SqliteImport(connection, transaction, _model);
            var result = await import.RunAsync(document, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            // The connection goes back to the pool: give back the cache for whoever uses it next.
            await ExecuteAsync(connection, "PRAGMA cache_size = -2000; PRAGMA temp_store = DEFAULT", CancellationToken.None);
        }
    }, cancellationToken);

    public Task<GraphDocument> ExportAsync(CancellationToken cancellationToken) => SqliteInterruption.RunAsync<GraphDocument>(async () =>
    {
        await using var connection = await OpenAsync(cancellationToken);
        // One read transaction: both statements see the same snapshot, so every relationship's ends are in the export.
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            SELECT {EntityColumns} FROM entities e ORDER BY e.key;
            SELECT r.type, f.key, t.key, {RelationshipColumns} FROM relationships r
            JOIN entities f ON f.id = r.from_id JOIN entities t ON t.id = r.to_id
            ORDER BY r.type, f.key, t.key;
            """;
        var entities = new List<Entity>();
        var relationships = new List<Relationship>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entities.Add(ReadEntity(reader, 0));
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var type = _model.Relationship(reader.GetString(0));
            relationships.Add(new Relationship(type.Name, reader.GetString(1), reader.GetString(2),
                PropertyValues.FromStoredJson(type.Properties, reader.GetString(3), _model), ReadSources(reader, 4)));
        }

        return new GraphDocument(entities, relationships);
    }, cancellationToken);

    public Task<GraphDocument> ReadTopologyAsync(CancellationToken cancellationToken) => SqliteInterruption.RunAsync<GraphDocument>(async () =>
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // Ends by row id, not by a join on keys: each relationship shares its ends' key strings instead of new copies.
        command.CommandText = """
            SELECT id, kind, key, properties FROM entities;
            SELECT type, from_id, to_id, properties FROM relationships;
            """;
        var entities = new List<Entity>();
        var keys = new Dictionary<long, string>();
        var relationships = new List<Relationship>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var kind = _model.Kind(reader.GetString(1));
            var key = reader.GetString(2);
            keys[reader.GetInt64(0)] = key;
            entities.Add(new Entity(kind.Name, key, "", [], null, PropertyValues.FromStoredJson(kind.Properties, reader.GetString(3), _model), []));
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var type = _model.Relationship(reader.GetString(0));
            relationships.Add(new Relationship(type.Name, keys[reader.GetInt64(1)], keys[reader.GetInt64(2)],
                PropertyValues.FromStoredJson(type.Properties, reader.GetString(3), _model), []));
        }

        return new GraphDocument(entities, relationships);
    }, cancellationToken);

    public Task<GraphStatistics> GetStatisticsAsync(CancellationToken cancellationToken) => SqliteInterruption.RunAsync<GraphStatistics>(async () =>
    {
        await using var lease = await RentAsync(cancellationToken);
        var command = lease.Command("""
            SELECT kind, COUNT(*) FROM entities GROUP BY kind;
            SELECT type, COUNT(*) FROM relationships GROUP BY type;
            """);
        var entities = new Dictionary<string, long>(StringComparer.Ordinal);
        var relationships = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entities[reader.GetString(0)] = reader.GetInt64(1);
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            relationships[reader.GetString(0)] = reader.GetInt64(1);
        }

        return new GraphStatistics(entities, relationships);
    }, cancellationToken);
}
