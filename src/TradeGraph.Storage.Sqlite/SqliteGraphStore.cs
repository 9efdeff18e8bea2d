using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
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
public sealed partial class SqliteGraphStore : IGraphStore, IDisposable
{
    /// <summary>The store's name in telemetry (<c>db.system.name</c>).</summary>
    internal const string StoreName = "sqlite";

    private readonly string _connectionString;
    private readonly GraphModel _model;
    private readonly SqliteReadPool _reads;
    private readonly TopologySnapshotFile? _topologyFile;

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
        _topologyFile = options.TopologySnapshot ? TopologySnapshotFile.For(options.Path) : null;
        _reads = new SqliteReadPool(_connectionString, SetUpReadConnection, options.ReadConnections, options.StatementsPerConnection);
    }

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
        var entities = await ReadEntitiesAsync(lease.Command(EntitiesByKey[(int)(parts & EntityParts.All)]), keys, parts, cancellationToken);
        lease.RoundTrip.Rows(entities.Count);
        return entities;
    }, cancellationToken);

    /// <summary>Whole entities by key, inside <paramref name="transaction"/> (a write reads what it wrote).</summary>
    private async Task<Dictionary<string, Entity>> LoadEntitiesAsync(SqliteConnection connection, SqliteTransaction transaction,
        IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = EntitiesByKey[(int)EntityParts.All];
        return await ReadEntitiesAsync(command, keys, EntityParts.All, cancellationToken);
    }

    // Entities by key, one statement text per combination of parts (built once, so a kept statement is found again).
    private static readonly string[] EntitiesByKey = [.. Enumerable.Range(0, (int)EntityParts.All + 1).Select(p =>
        $"SELECT {EntityColumnsFor((EntityParts)p)} FROM entities e WHERE e.key IN (SELECT value FROM json_each(@keys))")];

    /// <summary>Runs an <see cref="EntitiesByKey"/> statement for <paramref name="keys"/>.</summary>
    private async Task<Dictionary<string, Entity>> ReadEntitiesAsync(SqliteCommand command, IEnumerable<string> keys, EntityParts parts,
        CancellationToken cancellationToken)
    {
        command.Parameters.AddWithValue("@keys", JsonSerializer.Serialize(keys));
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
        var kind = _model.Kind(query.Kind);
        var translator = new SqlQueryTranslator(_model, new SqlParameters());
        var where = translator.Where(query.Filter, "e", kind);
        var plan = new PagePlan(translator, kind, query.SortKeys, query.Page);
        // The page is chosen first, then its rows are read: the columns built per row (citations, JSON) are built for
        // the page's rows only, not for every row the sort has to look at (every meeting, to find the latest 20).
        // An order on an indexed property reads that property's partial index, which needs the kind as a literal (a
        // name from the validated model) for SQLite to see that the index applies.
        var sortIndex = query.SortKeys.Count > 0 ? SqliteSchema.SortIndex(kind, query.SortKeys[0]) : null;
        var source = sortIndex is null ? "entities e WHERE e.kind = @kind" : $"entities e INDEXED BY {sortIndex} WHERE e.kind = '{kind.Name}'";
        // Each sort expression is computed once per row, as a column of the innermost select (PagePlan).
        var beyondStart = plan.BeyondStart is null ? "SELECT 0;" : $"""
            SELECT EXISTS (SELECT 1 FROM (SELECT e.key{plan.SortColumns} FROM entities e WHERE e.kind = @kind AND {where}) e
                           WHERE {plan.BeyondStart});
            """;
        await using var lease = await RentAsync(cancellationToken);
        var command = lease.Command($"""
            SELECT {EntityColumnsFor(query.Parts)}{plan.SortValues} FROM (
                SELECT * FROM (SELECT e.*{plan.SortColumns} FROM {source} AND {where}) e
                WHERE 1{plan.Conditions}
                ORDER BY {plan.OrderBy} LIMIT @limit) e
            ORDER BY {plan.OrderBy};
            {beyondStart}
            """);
        command.Parameters.AddWithValue("@kind", kind.Name);
        command.Parameters.AddWithValue("@limit", plan.Limit);
        translator.Parameters.Bind(command);
        var rows = new List<(Entity, string)>();
        bool beyond;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var entity = ReadEntity(reader, 0, query.Parts);
                rows.Add((entity, plan.CursorFor(SortValues(reader, 7, query.SortKeys.Count), entity.Key)));
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
        var translator = new SqlQueryTranslator(_model, new SqlParameters());
        var ranged = RangedProperties(entityKind, properties);
        await using var lease = await RentAsync(cancellationToken);
        var command = lease.Command($"""
            SELECT COUNT(*){RangeColumns(ranged)} FROM entities e
            WHERE e.kind = @kind AND {translator.Where(filter, "e", entityKind)}
            """);
        command.Parameters.AddWithValue("@kind", kind);
        translator.Parameters.Bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ReadAggregate(reader, 0, ranged);
    }, cancellationToken);

    public Task<IReadOnlyDictionary<string, Page<RelatedEntity>>> ListRelatedAsync(RelatedQuery query, CancellationToken cancellationToken) => SqliteInterruption.RunAsync<IReadOnlyDictionary<string, Page<RelatedEntity>>>(async () =>
    {
        var (anchorColumn, targetColumn) = SqlQueryTranslator.Columns(query.Direction);
        var kind = TargetKind(query);
        var translator = new SqlQueryTranslator(_model, new SqlParameters());
        var where = translator.Where(query.Filter, "e", kind);
        var plan = new PagePlan(translator, kind, query.SortKeys, query.Page);
        // CROSS JOIN keeps the anchors as the outer loop: SQLite cannot see how few keys json_each holds and would
        // otherwise scan every relationship of the type (all PARTICIPATES_IN rows) to find the anchors' few.
        // Each sort expression is computed once per row, as a column of the innermost select (PagePlan).
        var beyondStart = plan.BeyondStart is null ? "SELECT NULL WHERE 0;" : $"""
            WITH anchors AS (SELECT id, key FROM entities WHERE key IN (SELECT value FROM json_each(@anchors)))
            SELECT DISTINCT e.anchor FROM (
                SELECT a.key AS anchor, e.key{plan.SortColumns} FROM anchors a
                CROSS JOIN relationships r ON r.type = @type AND r.{anchorColumn} = a.id
                JOIN entities e ON e.id = r.{targetColumn}
                WHERE {where}) e
            WHERE {plan.BeyondStart};
            """;
        await using var lease = await RentAsync(cancellationToken);
        var command = lease.Command($"""
            WITH anchors AS (SELECT id, key FROM entities WHERE key IN (SELECT value FROM json_each(@anchors)))
            SELECT * FROM (
                SELECT e.*, ROW_NUMBER() OVER (PARTITION BY e.anchor_id ORDER BY {plan.OrderBy}) AS rn FROM (
                    SELECT a.key AS anchor, {EntityColumnsFor(query.Parts)}, {RelationshipColumnsFor(query.Parts)}{plan.SortColumns}, a.id AS anchor_id
                    FROM anchors a
                    CROSS JOIN relationships r ON r.type = @type AND r.{anchorColumn} = a.id
                    JOIN entities e ON e.id = r.{targetColumn}
                    WHERE {where}) e
                WHERE 1{plan.Conditions})
            WHERE rn <= @limit ORDER BY anchor, rn;
            {beyondStart}
            """);
        command.Parameters.AddWithValue("@anchors", JsonSerializer.Serialize(query.AnchorKeys));
        command.Parameters.AddWithValue("@type", query.Type.Name);
        command.Parameters.AddWithValue("@limit", plan.Limit);
        translator.Parameters.Bind(command);

        var rows = query.AnchorKeys.Distinct().ToDictionary(k => k, _ => new List<(RelatedEntity, string)>(), StringComparer.Ordinal);
        var beyond = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var anchor = reader.GetString(0);
                var entity = ReadEntity(reader, 1, query.Parts);
                var relationship = new Relationship(
                    query.Type.Name,
                    query.Direction == Direction.Outgoing ? anchor : entity.Key,
                    query.Direction == Direction.Outgoing ? entity.Key : anchor,
                    ReadRelationshipProperties(reader, 8, query.Type, query.Parts),
                    query.Parts.HasFlag(EntityParts.RelationshipSources) ? ReadSources(reader, 9) : []);
                rows[anchor].Add((new RelatedEntity(entity, relationship), plan.CursorFor(SortValues(reader, 10, query.SortKeys.Count), entity.Key)));
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
        var (anchorColumn, targetColumn) = SqlQueryTranslator.Columns(query.Direction);
        var kind = TargetKind(query);
        var ranged = RangedProperties(kind, properties);
        var translator = new SqlQueryTranslator(_model, new SqlParameters());
        await using var lease = await RentAsync(cancellationToken);
        var command = lease.Command($"""
            SELECT a.key, COUNT(e.id){RangeColumns(ranged)} FROM entities a
            LEFT JOIN relationships r ON r.type = @type AND r.{anchorColumn} = a.id
            LEFT JOIN entities e ON e.id = r.{targetColumn} AND {translator.Where(query.Filter, "e", kind)}
            WHERE a.key IN (SELECT value FROM json_each(@anchors))
            GROUP BY a.key
            """);
        command.Parameters.AddWithValue("@anchors", JsonSerializer.Serialize(query.AnchorKeys));
        command.Parameters.AddWithValue("@type", query.Type.Name);
        translator.Parameters.Bind(command);
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

    private static string RangeColumns(List<PropertyDefinition> properties) => string.Concat(properties.Select(p =>
        $", MIN(json_extract(e.properties, '$.{p.Name}')), MAX(json_extract(e.properties, '$.{p.Name}'))"));

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
