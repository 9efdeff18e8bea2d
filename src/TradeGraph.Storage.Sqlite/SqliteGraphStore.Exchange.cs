using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;

namespace TradeGraph.Storage.Sqlite;

/// <summary>The whole graph in and out: import, export, the analytics topology, statistics.</summary>
public sealed partial class SqliteGraphStore
{
    private SqlExchangeStatements? _exchangeStatements;
    private Dictionary<string, PropertyDefinition[]>? _topologyProperties;

    public Task<ImportResult> ImportAsync(GraphDocument document, CancellationToken cancellationToken) =>
        ImportAsync(document, progress: null, cancellationToken);

    public Task<ImportResult> ImportAsync(GraphDocument document, IProgress<long>? progress, CancellationToken cancellationToken) => SqliteInterruption.RunAsync<ImportResult>(async () =>
    {
        await using var connection = await OpenAsync(cancellationToken);
        // A big load touches many pages: a larger page cache while it runs (bounded, handed back after), and statement
        // journals in memory rather than in a temp file rewritten for every row (most of the time a profile showed).
        await ExecuteAsync(connection, SqlExchangeStatements.LargeLoadCache, cancellationToken);
        try
        {
            // IMMEDIATE: take the write lock up front so concurrent writers queue instead of failing on upgrade.
            await using var transaction = connection.BeginTransaction(deferred: false);
            await using var import = new SqliteImport(transaction, _model);
            var result = await import.RunAsync(document, progress, cancellationToken);
            // The document's passages, in the same transaction (their vectors are recomputed by the refresh).
            await UpsertPassagesAsync(connection, transaction, document.PassagesOrNone, cancellationToken);
            if (result.Inserted + result.Updated > 0)
            {
                // Counted in the log (no revision, no history rows): whoever follows the log reads the graph again.
                result = result with { BulkLoad = await CountBulkLoadAsync(connection, transaction, cancellationToken) };
            }

            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            // The connection goes back to the pool: give back the cache for whoever uses it next.
            await ExecuteAsync(connection, SqlExchangeStatements.DefaultCache, CancellationToken.None);
        }
    }, cancellationToken);

    public Task<GraphDocument> ExportAsync(CancellationToken cancellationToken) => SqliteInterruption.RunAsync<GraphDocument>(async () =>
    {
        var entities = new List<Entity>();
        var relationships = new List<Relationship>();
        await foreach (var fact in ReadGraphAsync(relationshipsByKey: true, cancellationToken))
        {
            if (fact.Entity is { } entity)
            {
                entities.Add(entity);
            }
            else
            {
                relationships.Add(fact.Relationship!);
            }
        }

        return new GraphDocument(entities, relationships, await ReadAllPassagesAsync(cancellationToken));
    }, cancellationToken);

    /// <summary>
    /// The export's read, streamed, with relationships in table order (no sort of a million rows): what the read model
    /// builds from.
    /// </summary>
    public IAsyncEnumerable<GraphElement> StreamGraphAsync(CancellationToken cancellationToken) => ReadGraphAsync(relationshipsByKey: false, cancellationToken);

    /// <summary>
    /// The whole graph in one read transaction (both statements see the same snapshot, so every relationship's ends come
    /// before it): entities by the key index, then relationships, by (type, from key, to key) when asked; one row parsed
    /// at a time.
    /// </summary>
    private async IAsyncEnumerable<GraphElement> ReadGraphAsync(bool relationshipsByKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SqlExchangeStatements.Graph(relationshipsByKey);
        await using var reader = await SqliteInterruption.RunAsync(() => command.ExecuteReaderAsync(cancellationToken), cancellationToken);
        // Read() rather than ReadAsync(): the rows are local; the token interrupts the statement.
        while (SqliteInterruption.Read(reader, cancellationToken))
        {
            yield return GraphElement.Of(ReadEntity(reader, 0));
        }

        await SqliteInterruption.RunAsync(() => reader.NextResultAsync(cancellationToken), cancellationToken);
        while (SqliteInterruption.Read(reader, cancellationToken))
        {
            var type = _model.Relationship(reader.GetString(0));
            yield return GraphElement.Of(new Relationship(type.Name, reader.GetString(1), reader.GetString(2),
                PropertyValues.FromStoredJson(type.Properties, reader.GetString(SqlExchangeStatements.GraphRelationshipColumns + RelationshipColumns.Properties), _model),
                ReadSources(reader, SqlExchangeStatements.GraphRelationshipColumns + RelationshipColumns.Sources)));
        }
    }

    public Task<GraphTopology> ReadTopologyAsync(CancellationToken cancellationToken) => SqliteInterruption.RunAsync<GraphTopology>(async () =>
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        // The stamp is read first, inside the read transaction: the file kept for it describes this very snapshot.
        var stamp = _topologyFile is null ? null : await TopologyStampAsync(connection, transaction, cancellationToken);
        if (stamp is not null && _topologyFile!.TryRead(stamp, cancellationToken) is { } kept)
        {
            return kept;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = TopologySql;
        var builder = new GraphTopology.Builder();
        var rowIds = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // Read() rather than ReadAsync(): a million rows, each already in the page cache; the token interrupts the statement.
        while (reader.Read())
        {
            var kind = _model.Kinds[reader.GetInt32(1)];
            var properties = reader.IsDBNull(3) ? PropertyValues.EmptyProperties
                : PropertyValues.FromStoredJson(TopologyProperties[kind.Name], reader.GetString(3), _model);
            // The instance the read model and vector index already hold, when a topology was offered before (a refresh after writes).
            builder.AddEntity(kind.Name, SharedKeys.Share(reader.GetString(2)), properties);
            rowIds.Add(reader.GetInt64(0));
        }

        var indexOf = RowIndexes(rowIds);
        await reader.NextResultAsync(cancellationToken);
        while (reader.Read())
        {
            var type = _model.RelationshipTypes[reader.GetInt32(0)];
            var properties = reader.IsDBNull(3) ? PropertyValues.EmptyProperties
                : PropertyValues.FromStoredJson(TopologyProperties[type.Name], reader.GetString(3), _model);
            builder.AddRelationship(type.Name, indexOf(reader.GetInt64(1)), indexOf(reader.GetInt64(2)), properties);
        }

        var topology = builder.Build(cancellationToken);
        if (stamp is not null)
        {
            _topologyFile!.TryWrite(topology, stamp);
        }

        return topology;
    }, cancellationToken);

    /// <summary>
    /// What changes whenever the topology can: the schema version, the last committed revision (every write), the
    /// imports counted (they take no revision), the entity and relationship tables' largest row ids and counts, and the
    /// topology read itself (it spells the model's kinds, types and the properties read).
    /// </summary>
    private async Task<string> TopologyStampAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SqlExchangeStatements.TopologyStamp;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var marks = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetInt64(i).ToString(CultureInfo.InvariantCulture));
        return string.Join(' ', marks) + "\n" + TopologySql;
    }

    /// <summary>The topology read (<see cref="SqlExchangeStatements.Topology"/>).</summary>
    private string TopologySql => (_exchangeStatements ??= new SqlExchangeStatements(_model)).Topology;

    /// <summary>Per kind and per relationship type, the properties a topology reads (their names never overlap in the model).</summary>
    private Dictionary<string, PropertyDefinition[]> TopologyProperties => _topologyProperties ??=
        _model.Kinds.Select(k => (k.Name, Needed: GraphTopology.NeededProperties(k).ToArray()))
            .Concat(_model.RelationshipTypes.Select(t => (t.Name, Needed: GraphTopology.NeededProperties(t).ToArray())))
            .ToDictionary(p => p.Name, p => p.Needed, StringComparer.Ordinal);

    /// <summary>Row id → the builder's index: an array when row ids are dense enough (they are, but for many deletes), else a dictionary.</summary>
    private static Func<long, int> RowIndexes(List<long> rowIds)
    {
        var largest = rowIds.Count == 0 ? 0 : rowIds.Max();
        if (largest <= 4L * rowIds.Count + 1024)
        {
            var array = new int[largest + 1];
            for (var i = 0; i < rowIds.Count; i++)
            {
                array[rowIds[i]] = i;
            }

            return id => array[id];
        }

        var map = new Dictionary<long, int>(rowIds.Count);
        for (var i = 0; i < rowIds.Count; i++)
        {
            map[rowIds[i]] = i;
        }

        return id => map[id];
    }

    /// <summary>One row looked up, not a count of every row (the statistics scan a million at 1M).</summary>
    public Task<bool> IsEmptyAsync(CancellationToken cancellationToken) => SqliteInterruption.RunAsync<bool>(async () =>
    {
        await using var lease = await RentAsync(cancellationToken);
        var command = lease.Command(SqlExchangeStatements.HasEntities);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0;
    }, cancellationToken);

    public Task<GraphStatistics> GetStatisticsAsync(CancellationToken cancellationToken) => SqliteInterruption.RunAsync<GraphStatistics>(async () =>
    {
        await using var lease = await RentAsync(cancellationToken);
        var command = lease.Command(SqlExchangeStatements.Statistics);
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
