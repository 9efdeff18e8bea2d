using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Telemetry;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file in WAL mode with synchronous=FULL, so an acknowledged write
/// survives a crash. Every read answers for many keys or anchors in one statement.
/// </summary>
public sealed partial class SqliteGraphStore : IGraphStore, ITopologyFileStore, IReleasesIdleMemory, IDisposable
{
    /// <summary>The store's name in telemetry (<c>db.system.name</c>).</summary>
    internal const string StoreName = "sqlite";

    private readonly string _connectionString;
    private readonly GraphModel _model;
    private readonly SqliteReadPool _reads;
    private readonly TopologySnapshotFile? _topologyFile;
    private readonly SqlReads _statements;

    public SqliteGraphStore(SqliteStoreOptions options, GraphModel model)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.Path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _model = model;
        _statements = new SqlReads(model);
        _topologyFile = options.TopologySnapshot ? TopologySnapshotFile.For(options.Path) : null;
        _reads = new SqliteReadPool(_connectionString, SetUpReadConnection, options.ReadConnections, options.StatementsPerConnection);
    }

    public string? TopologyFilePath => _topologyFile?.Path;

    /// <summary>Closes the read connections kept open (a call still running closes its own when it ends).</summary>
    public void Dispose() => _reads.Dispose();

    public Task InitializeAsync(CancellationToken cancellationToken) => SqliteInterruption.RunAsync(async () =>
    {
        await using var connection = await OpenAsync(cancellationToken);
        // WAL is a property of the file: set once, kept by every later connection.
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL", cancellationToken);
        await SqliteSchema.MigrateAsync(connection, _model, cancellationToken);
    }, cancellationToken);

    public Task<IReadOnlyDictionary<string, Entity>> GetEntitiesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        GetEntitiesAsync(keys, EntityParts.All, cancellationToken);

    public Task<IReadOnlyDictionary<string, Entity>> GetEntitiesAsync(IReadOnlyCollection<string> keys, EntityParts parts, CancellationToken cancellationToken) => SqliteInterruption.RunAsync<IReadOnlyDictionary<string, Entity>>(async () =>
    {
        if (keys.Count == 0)
        {
            return new Dictionary<string, Entity>();
        }

        await using var lease = await RentAsync(cancellationToken);
        var statement = SqlReads.EntitiesByKey(keys, parts);
        var entities = await ReadEntitiesAsync(statement.Bind(lease.Command(statement.Text)), parts, cancellationToken);
        lease.RoundTrip.Rows(entities.Count);
        return entities;
    }, cancellationToken);

    /// <summary>Whole entities by key, inside <paramref name="transaction"/> (a write reads what it wrote).</summary>
    private async Task<Dictionary<string, Entity>> LoadEntitiesAsync(SqliteConnection connection, SqliteTransaction transaction,
        IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var statement = SqlReads.EntitiesByKey(keys, EntityParts.All);
        command.CommandText = statement.Text;
        return await ReadEntitiesAsync(statement.Bind(command), EntityParts.All, cancellationToken);
    }

    /// <summary>Reads the rows of a <see cref="SqlReads.EntitiesByKey"/> statement.</summary>
    private async Task<Dictionary<string, Entity>> ReadEntitiesAsync(SqliteCommand command, EntityParts parts, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, Entity>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var entity = ReadEntity(reader, 0, parts);
            result[entity.Key] = entity;
        }

        return result;
    }

    public Task<Page<Entity>> ListEntitiesAsync(EntityQuery query, CancellationToken cancellationToken) => SqliteInterruption.RunAsync<Page<Entity>>(async () =>
    {
        var (statement, plan) = _statements.EntityPage(query);
        await using var lease = await RentAsync(cancellationToken);
        var command = statement.Bind(lease.Command(statement.Text));
        var rows = new List<(Entity, string)>();
        bool beyond;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var entity = ReadEntity(reader, 0, query.Parts);
                rows.Add((entity, plan.CursorFor(SortValues(reader, SqlReads.EntityPageSortValues, query.SortKeys.Count), entity.Key)));
            }

            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            beyond = reader.GetBoolean(0);
        }

        lease.RoundTrip.Rows(rows.Count);
        return plan.ToPage(rows, beyond);
    }, cancellationToken);

    public async Task<long> CountEntitiesAsync(string kind, Filter? filter, CancellationToken cancellationToken) =>
        (await AggregateEntitiesAsync(kind, filter, [], cancellationToken)).Count;

    public Task<Aggregate> AggregateEntitiesAsync(string kind, Filter? filter, IReadOnlyCollection<string> properties, CancellationToken cancellationToken) => SqliteInterruption.RunAsync<Aggregate>(async () =>
    {
        var entityKind = _model.Kind(kind);
        var ranged = RangedProperties(entityKind, properties);
        var statement = _statements.EntityAggregate(entityKind, filter, ranged);
        await using var lease = await RentAsync(cancellationToken);
        var command = statement.Bind(lease.Command(statement.Text));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ReadAggregate(reader, 0, ranged);
    }, cancellationToken);

    public Task<IReadOnlyDictionary<string, Page<RelatedEntity>>> ListRelatedAsync(RelatedQuery query, CancellationToken cancellationToken) => SqliteInterruption.RunAsync<IReadOnlyDictionary<string, Page<RelatedEntity>>>(async () =>
    {
        var (statement, plan) = _statements.RelatedPage(query, TargetKind(query));
        await using var lease = await RentAsync(cancellationToken);
        var command = statement.Bind(lease.Command(statement.Text));

        var rows = query.AnchorKeys.Distinct().ToDictionary(k => k, _ => new List<(RelatedEntity, string)>(), StringComparer.Ordinal);
        var beyond = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var anchor = reader.GetString(SqlReads.RelatedAnchor);
                var entity = ReadEntity(reader, SqlReads.RelatedEntity, query.Parts);
                var relationship = new Relationship(
                    query.Type.Name,
                    query.Direction == Direction.Outgoing ? anchor : entity.Key,
                    query.Direction == Direction.Outgoing ? entity.Key : anchor,
                    ReadRelationshipProperties(reader, SqlReads.RelatedRelationship + RelationshipColumns.Properties, query.Type, query.Parts),
                    query.Parts.HasFlag(EntityParts.RelationshipSources) ? ReadSources(reader, SqlReads.RelatedRelationship + RelationshipColumns.Sources) : []);
                rows[anchor].Add((new RelatedEntity(entity, relationship), plan.CursorFor(SortValues(reader, SqlReads.RelatedSortValues, query.SortKeys.Count), entity.Key)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                beyond.Add(reader.GetString(0));
            }
        }

        lease.RoundTrip.Rows(rows.Sum(r => r.Value.Count));
        return rows.ToDictionary(r => r.Key, r => plan.ToPage(r.Value, beyond.Contains(r.Key)), StringComparer.Ordinal);
    }, cancellationToken);

    public async Task<IReadOnlyDictionary<string, long>> CountRelatedAsync(RelatedQuery query, CancellationToken cancellationToken) =>
        (await AggregateRelatedAsync(query, [], cancellationToken)).ToDictionary(a => a.Key, a => a.Value.Count, StringComparer.Ordinal);

    public Task<IReadOnlyDictionary<string, Aggregate>> AggregateRelatedAsync(RelatedQuery query, IReadOnlyCollection<string> properties, CancellationToken cancellationToken) => SqliteInterruption.RunAsync<IReadOnlyDictionary<string, Aggregate>>(async () =>
    {
        var kind = TargetKind(query);
        var ranged = RangedProperties(kind, properties);
        var statement = _statements.RelatedAggregate(query, kind, ranged);
        await using var lease = await RentAsync(cancellationToken);
        var command = statement.Bind(lease.Command(statement.Text));
        var empty = new Aggregate(0, ranged.ToDictionary(p => p.Name, _ => ((object?)null, (object?)null)));
        var result = query.AnchorKeys.Distinct().ToDictionary(k => k, _ => empty, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = ReadAggregate(reader, 1, ranged);
        }

        return result;
    }, cancellationToken);

    private EntityKind TargetKind(RelatedQuery query) =>
        _model.Kind(query.Type.TargetKind(query.Direction));

    /// <summary>The asked properties that have a range (numbers and dates); anything else is a caller's error.</summary>
    private static List<PropertyDefinition> RangedProperties(EntityKind kind, IReadOnlyCollection<string> names) =>
        [.. names.Select(name => kind.FindProperty(name) is { Type: PropertyType.Int or PropertyType.Float or PropertyType.Date } property
            ? property
            : throw new ArgumentException($"'{name}' is not a number or date property of {kind.Name}.", nameof(names)))];

    private static Aggregate ReadAggregate(SqliteDataReader reader, int offset, List<PropertyDefinition> properties)
    {
        var ranges = new Dictionary<string, (object?, object?)>(StringComparer.Ordinal);
        for (var i = 0; i < properties.Count; i++)
        {
            ranges[properties[i].Name] = (Typed(properties[i], reader.GetValue(offset + 1 + 2 * i)), Typed(properties[i], reader.GetValue(offset + 2 + 2 * i)));
        }

        return new Aggregate(reader.GetInt64(offset), ranges);

        static object? Typed(PropertyDefinition property, object value) => value switch
        {
            DBNull => null,
            string text when property.Type == PropertyType.Date => DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            long integer when property.Type == PropertyType.Float => (double)integer,
            _ => value,
        };
    }

    private static object?[] SortValues(SqliteDataReader reader, int offset, int count)
    {
        var values = new object?[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = reader.IsDBNull(offset + i) ? null : reader.GetValue(offset + i);
        }

        return values;
    }


    /// <summary>
    /// Connections of this store in use right now (borrowed read connections and opened ones): each is given back or
    /// closed once its statements have ended or been interrupted.
    /// </summary>
    internal int ConnectionsInUse => Volatile.Read(ref _connectionsInUse) + _reads.InUse;

    /// <summary>Read connections kept open, idle.</summary>
    internal int IdleReadConnections => _reads.Idle;

    /// <summary>Bytes of page cache the idle read connections hold.</summary>
    internal long IdleReadCacheBytes => _reads.IdleCacheBytes();

    /// <summary>Empties the page cache of every idle read connection; they keep their prepared statements.</summary>
    public int ReleaseIdleMemory() => _reads.ReleaseIdleMemory();

    /// <summary>Statements the read connections have compiled so far.</summary>
    internal long ReadStatementsPrepared => _reads.Prepared;

    private int _connectionsInUse;

    /// <summary>
    /// Runs on each connection once it is open or borrowed, its functions registered (tests replace one to make a
    /// statement slow).
    /// </summary>
    internal Action<SqliteConnection>? ConnectionOpened { get; set; }

    /// <summary>
    /// A read connection from the pool, interrupted when <paramref name="cancellationToken"/> fires; the store call
    /// (<paramref name="storeCall"/>, the calling method's name) is one round trip until the lease is given back.
    /// </summary>
    private async Task<SqliteReadLease> RentAsync(CancellationToken cancellationToken, [CallerMemberName] string storeCall = "")
    {
        var roundTrip = TradeGraphTelemetry.StartStoreRoundTrip(StoreName, storeCall);
        SqliteReadLease lease;
        try
        {
            lease = await _reads.RentAsync(cancellationToken, roundTrip);
        }
        catch
        {
            roundTrip.Dispose();
            throw;
        }

        ConnectionOpened?.Invoke(lease.Connection);
        return lease;
    }

    /// <summary>Once per read connection: it never writes, and compares text the way the search text was folded.</summary>
    private static void SetUpReadConnection(SqliteConnection connection)
    {
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA query_only = ON";
            command.ExecuteNonQuery();
        }

        RegisterFunctions(connection);
    }

    private static void RegisterFunctions(SqliteConnection connection)
    {
        // Case- and accent-insensitive comparisons fold both sides with the same function the search text uses.
        connection.CreateFunction("tg_fold", (string? text) => text is null ? null : TextFolding.Fold(text), isDeterministic: true);
        // Reads sort and filter by scores computed outside the store, carried by the statement (SqlParameters.AddScores).
        (connection as SqliteScoringConnection)?.RegisterScoreFunction();
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await SqliteInterruption.OpenAsync(_connectionString,
            () => Interlocked.Increment(ref _connectionsInUse), () => Interlocked.Decrement(ref _connectionsInUse), cancellationToken);
        // Per connection: FULL makes a commit durable before it is acknowledged; keys must point somewhere.
        await ExecuteAsync(connection, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", cancellationToken);
        RegisterFunctions(connection);
        ConnectionOpened?.Invoke(connection);
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
