using System.Text.Json;
using Microsoft.Data.Sqlite;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file in WAL mode with synchronous=FULL, so an acknowledged write
/// survives a crash. Every read answers for many keys or anchors in one statement.
/// </summary>
public sealed partial class SqliteGraphStore : IGraphStore
{
    // The columns that make an Entity, citations folded in as a JSON array so one statement returns whole entities.
    private const string EntityColumns = """
        e.kind, e.key, e.name, e.description, e.aliases, e.properties,
        (SELECT json_group_array(json_array(s.key, c.locator)) FROM citations c JOIN entities s ON s.id = c.source_id
         WHERE c.fact = 'E' AND c.fact_id = e.id) AS sources
        """;

    private const string RelationshipColumns = """
        r.properties,
        (SELECT json_group_array(json_array(s.key, c.locator)) FROM citations c JOIN entities s ON s.id = c.source_id
         WHERE c.fact = 'R' AND c.fact_id = r.id) AS relationship_sources
        """;

    private readonly string _connectionString;
    private readonly GraphModel _model;

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
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => SqliteInterruption.RunAsync(async () =>
    {
        await using var connection = await OpenAsync(cancellationToken);
        // WAL is a property of the file: set once, kept by every later connection.
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL", cancellationToken);
        await SqliteSchema.MigrateAsync(connection, _model, cancellationToken);
    }, cancellationToken);

    public Task<IReadOnlyDictionary<string, Entity>> GetEntitiesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) => SqliteInterruption.RunAsync<IReadOnlyDictionary<string, Entity>>(async () =>
    {
        if (keys.Count == 0)
        {
            return new Dictionary<string, Entity>();
        }

        await using var connection = await OpenAsync(cancellationToken);
        return await LoadEntitiesAsync(connection, null, keys, cancellationToken);
    }, cancellationToken);

    /// <summary>Whole entities by key, inside <paramref name="transaction"/> when one is given (a write reads what it wrote).</summary>
    private async Task<Dictionary<string, Entity>> LoadEntitiesAsync(SqliteConnection connection, SqliteTransaction? transaction,
        IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {EntityColumns} FROM entities e WHERE e.key IN (SELECT value FROM json_each(@keys))";
        command.Parameters.AddWithValue("@keys", JsonSerializer.Serialize(keys));
        var result = new Dictionary<string, Entity>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var entity = ReadEntity(reader, 0);
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
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
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
        command.CommandText = $"""
            SELECT {EntityColumns}{plan.SortValues} FROM (
                SELECT * FROM (SELECT e.*{plan.SortColumns} FROM {source} AND {where}) e
                WHERE 1{plan.Conditions}
                ORDER BY {plan.OrderBy} LIMIT @limit) e
            ORDER BY {plan.OrderBy};
            {beyondStart}
            """;
        command.Parameters.AddWithValue("@kind", kind.Name);
        command.Parameters.AddWithValue("@limit", plan.Limit);
        translator.Parameters.Bind(command);
        var rows = new List<(Entity, string)>();
        bool beyond;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var entity = ReadEntity(reader, 0);
                rows.Add((entity, plan.CursorFor(SortValues(reader, 7, query.SortKeys.Count), entity.Key)));
            }

            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            beyond = reader.GetBoolean(0);
        }

        return plan.ToPage(rows, beyond);
    }, cancellationToken);

    public async Task<long> CountEntitiesAsync(string kind, Filter? filter, CancellationToken cancellationToken) =>
        (await AggregateEntitiesAsync(kind, filter, [], cancellationToken)).Count;

    public Task<Aggregate> AggregateEntitiesAsync(string kind, Filter? filter, IReadOnlyCollection<string> properties, CancellationToken cancellationToken) => SqliteInterruption.RunAsync<Aggregate>(async () =>
    {
        var entityKind = _model.Kind(kind);
        var translator = new SqlQueryTranslator(_model, new SqlParameters());
        var ranged = RangedProperties(entityKind, properties);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT COUNT(*){RangeColumns(ranged)} FROM entities e
            WHERE e.kind = @kind AND {translator.Where(filter, "e", entityKind)}
            """;
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
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
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
        command.CommandText = $"""
            WITH anchors AS (SELECT id, key FROM entities WHERE key IN (SELECT value FROM json_each(@anchors)))
            SELECT * FROM (
                SELECT e.*, ROW_NUMBER() OVER (PARTITION BY e.anchor_id ORDER BY {plan.OrderBy}) AS rn FROM (
                    SELECT a.key AS anchor, {EntityColumns}, {RelationshipColumns}{plan.SortColumns}, a.id AS anchor_id
                    FROM anchors a
                    CROSS JOIN relationships r ON r.type = @type AND r.{anchorColumn} = a.id
                    JOIN entities e ON e.id = r.{targetColumn}
                    WHERE {where}) e
                WHERE 1{plan.Conditions})
            WHERE rn <= @limit ORDER BY anchor, rn;
            {beyondStart}
            """;
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
                var entity = ReadEntity(reader, 1);
                var relationship = new Relationship(
                    query.Type.Name,
                    query.Direction == Direction.Outgoing ? anchor : entity.Key,
                    query.Direction == Direction.Outgoing ? entity.Key : anchor,
                    PropertyValues.FromStoredJson(query.Type.Properties, reader.GetString(8), _model),
                    ReadSources(reader, 9));
                rows[anchor].Add((new RelatedEntity(entity, relationship), plan.CursorFor(SortValues(reader, 10, query.SortKeys.Count), entity.Key)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                beyond.Add(reader.GetString(0));
            }
        }

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
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT a.key, COUNT(e.id){RangeColumns(ranged)} FROM entities a
            LEFT JOIN relationships r ON r.type = @type AND r.{anchorColumn} = a.id
            LEFT JOIN entities e ON e.id = r.{targetColumn} AND {translator.Where(query.Filter, "e", kind)}
            WHERE a.key IN (SELECT value FROM json_each(@anchors))
            GROUP BY a.key
            """;
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

    public Task<IReadOnlyList<SearchHit>> SearchAsync(string text, int limit, CancellationToken cancellationToken) => SqliteInterruption.RunAsync<IReadOnlyList<SearchHit>>(async () =>
    {
        var folded = TextFolding.Fold(text).Trim();
        if (folded.Length == 0 || limit <= 0)
        {
            return [];
        }

        // search_text is "\n" + each folded name and alias + "\n": an exact name scores 4, a name prefix 3,
        // a word prefix 2, any other substring 1.
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {EntityColumns},
                   CASE WHEN instr(e.search_text, char(10) || @q || char(10)) > 0 THEN 4
                        WHEN instr(e.search_text, char(10) || @q) > 0 THEN 3
                        WHEN instr(e.search_text, ' ' || @q) > 0 THEN 2
                        ELSE 1 END AS score
            FROM entities e
            WHERE instr(e.search_text, @q) > 0 AND e.kind IN (SELECT value FROM json_each(@kinds))
            ORDER BY score DESC, e.name, e.key
            LIMIT @limit
            """;
        command.Parameters.AddWithValue("@q", folded);
        command.Parameters.AddWithValue("@kinds", JsonSerializer.Serialize(_model.Kinds.Where(k => k.IsEntity).Select(k => k.Name)));
        command.Parameters.AddWithValue("@limit", limit);
        var hits = new List<SearchHit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new SearchHit(ReadEntity(reader, 0), reader.GetInt64(7)));
        }

        return hits;
    }, cancellationToken);

    public Task<Page<SearchHit>> SearchRankedAsync(SearchQuery query, CancellationToken cancellationToken) => SqliteInterruption.RunAsync<Page<SearchHit>>(async () =>
    {
        var words = query.Words;
        if (words.Count == 0)
        {
            return Page<SearchHit>.Empty;
        }

        await using var connection = await OpenAsync(cancellationToken);
        var alternatives = new List<IReadOnlyList<string>>();
        foreach (var word in words)
        {
            alternatives.Add(query.Fuzzy ? await NearSpellingsAsync(connection, word, cancellationToken) : [word]);
        }

        var kinds = query.Kinds is { Count: > 0 } ? query.Kinds : _model.Kinds.Where(k => k.IsEntity).Select(k => k.Name).ToList();
        var size = query.Page.First ?? 10;
        var (afterScore, afterKey) = query.Page.After is null ? (null, null) : SearchCursor.Decode(query.Page.After);
        await using var command = connection.CreateCommand();
        // bm25 is lower-is-better; names weigh most, then aliases, then descriptions. A name or alias that is the text (+2)
        // or starts with it (+1) comes first: bm25 alone ranks a word found everywhere ("trump") near zero. Rounded so
        // cursors compare exactly.
        command.CommandText = $"""
            WITH hits AS (
                SELECT {EntityColumns}, round(-bm25(entity_search, 10.0, 6.0, 1.0)
                    + CASE WHEN instr(e.search_text, char(10) || @phrase || char(10)) > 0 THEN 2.0
                           WHEN instr(e.search_text, char(10) || @phrase) > 0 THEN 1.0 ELSE 0.0 END, 6) AS score
                FROM entity_search JOIN entities e ON e.id = entity_search.rowid
                WHERE entity_search MATCH @match AND e.kind IN (SELECT value FROM json_each(@kinds)))
            SELECT * FROM hits e
            WHERE @afterKey IS NULL OR e.score < @afterScore OR (e.score = @afterScore AND e.key > @afterKey)
            ORDER BY e.score DESC, e.key LIMIT @limit
            """;
        command.Parameters.AddWithValue("@match", FullTextQuery.Match(alternatives));
        command.Parameters.AddWithValue("@phrase", TextFolding.Fold(query.Text).Trim());
        command.Parameters.AddWithValue("@kinds", JsonSerializer.Serialize(kinds));
        command.Parameters.AddWithValue("@afterScore", (object?)afterScore ?? DBNull.Value);
        command.Parameters.AddWithValue("@afterKey", (object?)afterKey ?? DBNull.Value);
        command.Parameters.AddWithValue("@limit", (long)size + 1);
        var rows = new List<PageItem<SearchHit>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var hit = new SearchHit(ReadEntity(reader, 0), reader.GetDouble(7));
            rows.Add(new PageItem<SearchHit>(hit, SearchCursor.Encode(hit.Score, hit.Entity.Key)));
        }

        var more = rows.Count > size;
        return new Page<SearchHit>(more ? rows[..size] : rows, more, query.Page.After is not null);
    }, cancellationToken);

    /// <summary>The word itself, or when no indexed word starts with it, the indexed words within one or two edits.</summary>
    private static async Task<IReadOnlyList<string>> NearSpellingsAsync(SqliteConnection connection, string word, CancellationToken cancellationToken)
    {
        var limit = word.Length <= 4 ? 1 : 2;
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT EXISTS (SELECT 1 FROM entity_search_terms WHERE term >= @word AND term < @word || char(1114111));
            SELECT term FROM entity_search_terms WHERE length(term) BETWEEN @shortest AND @longest;
            """;
        command.Parameters.AddWithValue("@word", word);
        command.Parameters.AddWithValue("@shortest", word.Length - limit);
        command.Parameters.AddWithValue("@longest", word.Length + limit);
        var spellings = new List<string> { word };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (reader.GetBoolean(0))
        {
            return spellings;
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var term = reader.GetString(0);
            if (FullTextQuery.Distance(word, term, limit) <= limit)
            {
                spellings.Add(term);
            }
        }

        return spellings;
    }

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
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT kind, COUNT(*) FROM entities GROUP BY kind;
            SELECT type, COUNT(*) FROM relationships GROUP BY type;
            """;
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


    /// <summary>Connections of this store open right now: each is closed once its statements have ended or been interrupted.</summary>
    internal int ConnectionsInUse => Volatile.Read(ref _connectionsInUse);

    private int _connectionsInUse;

    /// <summary>Runs on each connection once it is open and its functions are registered (tests replace one to make a statement slow).</summary>
    internal Action<SqliteConnection>? ConnectionOpened { get; set; }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await SqliteInterruption.OpenAsync(_connectionString,
            () => Interlocked.Increment(ref _connectionsInUse), () => Interlocked.Decrement(ref _connectionsInUse), cancellationToken);
        // Per connection: FULL makes a commit durable before it is acknowledged; keys must point somewhere.
        await ExecuteAsync(connection, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", cancellationToken);
        // Case- and accent-insensitive comparisons fold both sides with the same function the search text uses.
        connection.CreateFunction("tg_fold", (string? text) => text is null ? null : TextFolding.Fold(text), isDeterministic: true);
        connection.CreateFunction(SqliteScores.Function, (long handle, string? key) => SqliteScores.Score(handle, key), isDeterministic: true);
        ConnectionOpened?.Invoke(connection);
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Reads the <see cref="EntityColumns"/> starting at <paramref name="offset"/>.</summary>
    private Entity ReadEntity(SqliteDataReader reader, int offset)
    {
        var kind = _model.Kind(reader.GetString(offset));
        return new Entity(
            kind.Name,
            reader.GetString(offset + 1),
            reader.GetString(offset + 2),
            JsonSerializer.Deserialize<string[]>(reader.GetString(offset + 4)) ?? [],
            reader.IsDBNull(offset + 3) ? null : reader.GetString(offset + 3),
            PropertyValues.FromStoredJson(kind.Properties, reader.GetString(offset + 5), _model),
            ReadSources(reader, offset + 6));
    }

    private static SourceReference[] ReadSources(SqliteDataReader reader, int ordinal)
    {
        var pairs = JsonSerializer.Deserialize<string[][]>(reader.GetString(ordinal)) ?? [];
        // Every entity read comes through here: a loop and one sort, not a LINQ OrderBy chain (its sorter, key arrays
        // and iterators were a tenth of the nested workload's allocations).
        var sources = new SourceReference[pairs.Length];
        for (var i = 0; i < pairs.Length; i++)
        {
            sources[i] = new SourceReference(pairs[i][0], pairs[i][1].Length == 0 ? null : pairs[i][1]);
        }

        Array.Sort(sources, SourceOrder);
        return sources;
    }

    /// <summary>By source key, then locator: none first, then shorter first (¶2 before ¶10), then ordinal.</summary>
    private static readonly Comparison<SourceReference> SourceOrder = (a, b) =>
    {
        var bySource = string.CompareOrdinal(a.Source, b.Source);
        if (bySource != 0)
        {
            return bySource;
        }

        var byLength = Nullable.Compare(a.Locator?.Length, b.Locator?.Length);
        return byLength != 0 ? byLength : string.CompareOrdinal(a.Locator, b.Locator);
    };
}
