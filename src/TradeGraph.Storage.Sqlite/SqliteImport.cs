using System.Text.Json;
using Microsoft.Data.Sqlite;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Storage.Import;
using static TradeGraph.Storage.Sqlite.SqlImportStatements;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// The import primitives for Core's <see cref="ImportRules"/>, inside the caller's transaction: each fact written as it
/// comes (insert first, as most facts of a big load are new; only a key already stored is read back and compared),
/// citations as rows. Each statement (<see cref="SqlImportStatements"/>) is prepared once and run per row with new
/// parameter values: preparing SQL per row cost more than running it (decision 0012).
/// </summary>
internal sealed class SqliteImport(SqliteTransaction transaction, GraphModel model) : IImportSession, IAsyncDisposable
{
    // Property maps shared between facts (a generator's, a reader's interned values) are serialized once.
    private const int PropertiesCacheLimit = 4096;

    // From this many facts, and when the document is larger than what is stored, secondary indexes are dropped for the
    // load and built again before commit: one sorted build beats a million random index inserts.
    private const int DeferIndexesFrom = 10_000;

    private readonly Dictionary<string, (long Id, string Kind)> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<IReadOnlyDictionary<string, object?>, string> _propertiesJson = new(ReferenceEqualityComparer.Instance);
    // Keyed by the statement's object: the texts are SqlImportStatements' constants, one string each.
    private readonly Dictionary<string, SqliteCommand> _commands = new(ReferenceEqualityComparer.Instance);
    private List<string> _deferredIndexes = [];
    private (string Fact, long Id) _last;

    public Task<ImportResult> RunAsync(GraphDocument document, IProgress<long>? progress, CancellationToken cancellationToken) =>
        new ImportRules(model).RunAsync(this, document, progress, cancellationToken);

    /// <summary>
    /// Drops the secondary indexes of the fact tables when the load is large, keeping the statements that recreate
    /// them. The unique indexes stay: the upserts look rows up by key and by (type, from, to) through them.
    /// </summary>
    public async Task StartAsync(GraphDocument document, CancellationToken cancellationToken)
    {
        var facts = document.Entities.Count + document.Relationships.Count;
        if (facts < DeferIndexesFrom)
        {
            return;
        }

        await using (var count = Command(CountFacts))
        {
            if ((long)(await count.ExecuteScalarAsync(cancellationToken))! > facts)
            {
                return;
            }
        }

        var names = new List<string>();
        await using (var list = Command(SecondaryIndexes))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                names.Add(reader.GetString(0));
                _deferredIndexes.Add(reader.GetString(1));
            }
        }

        foreach (var name in names)
        {
            await using var drop = Command(DropIndex(name));
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<string?> KindOfAsync(string key, CancellationToken cancellationToken)
    {
        if (!_ids.TryGetValue(key, out var found))
        {
            var select = Prepared(SelectKind, "@key");
            select.Parameters[0].Value = key;
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            found = (reader.GetInt64(0), reader.GetString(1));
            _ids[key] = found;
        }

        return found.Kind;
    }

    public async Task<FactImport> UpsertEntityAsync(Entity entity, CancellationToken cancellationToken)
    {
        var aliases = entity.Aliases.Count == 0 ? "[]" : JsonSerializer.Serialize(entity.Aliases);
        var properties = PropertiesJson(entity.Properties);
        var insert = Bind(Prepared(InsertEntity, "@key", "@name", "@description", "@aliases", "@properties", "@search", "@kind"));
        insert.Parameters[6].Value = entity.Kind;
        if (await insert.ExecuteScalarAsync(cancellationToken) is long inserted)
        {
            Remember(inserted);
            return new FactImport(Inserted: true, Changed: true);
        }

        var select = Prepared(SelectEntity, "@key");
        select.Parameters[0].Value = entity.Key;
        long id;
        bool changed;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"Key '{entity.Key}' was neither inserted nor found.");
            }

            if (reader.GetString(1) != entity.Kind)
            {
                return new FactImport(Inserted: false, Changed: false, StoredKind: reader.GetString(1));
            }

            id = reader.GetInt64(0);
            changed = reader.GetString(2) != entity.Name
                || (reader.IsDBNull(3) ? null : reader.GetString(3)) != entity.Description
                || reader.GetString(4) != aliases
                || reader.GetString(5) != properties;
        }

        if (changed)
        {
            await Bind(Prepared(UpdateEntity, "@key", "@name", "@description", "@aliases", "@properties", "@search")).ExecuteNonQueryAsync(cancellationToken);
        }

        Remember(id);
        return new FactImport(Inserted: false, changed, entity.Kind);

        void Remember(long rowId)
        {
            _ids[entity.Key] = (rowId, entity.Kind);
            _last = ("E", rowId);
        }

        SqliteCommand Bind(SqliteCommand command)
        {
            command.Parameters[0].Value = entity.Key;
            command.Parameters[1].Value = entity.Name;
            command.Parameters[2].Value = (object?)entity.Description ?? DBNull.Value;
            command.Parameters[3].Value = aliases;
            command.Parameters[4].Value = properties;
            command.Parameters[5].Value = SearchText(entity.Name, entity.Aliases);
            return command;
        }
    }

    public Task StartRelationshipsAsync(IReadOnlyList<Relationship> relationships, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<FactImport> UpsertRelationshipAsync(RelationshipType type, Relationship relationship, CancellationToken cancellationToken)
    {
        // The rules resolved both ends first, so their row ids are known.
        var (from, to) = (_ids[relationship.From].Id, _ids[relationship.To].Id);
        var properties = PropertiesJson(relationship.Properties);
        var insert = Prepared(InsertRelationship, "@type", "@from", "@to", "@properties");
        insert.Parameters[0].Value = type.Name;
        insert.Parameters[1].Value = from;
        insert.Parameters[2].Value = to;
        insert.Parameters[3].Value = properties;
        if (await insert.ExecuteScalarAsync(cancellationToken) is long inserted)
        {
            _last = ("R", inserted);
            return new FactImport(Inserted: true, Changed: true);
        }

        var select = Prepared(SelectRelationship, "@type", "@from", "@to");
        select.Parameters[0].Value = type.Name;
        select.Parameters[1].Value = from;
        select.Parameters[2].Value = to;
        long id = -1;
        string? stored = null;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                (id, stored) = (reader.GetInt64(0), reader.GetString(1));
            }
        }

        if (stored != properties)
        {
            var update = Prepared(UpdateRelationship, "@properties", "@id");
            update.Parameters[0].Value = properties;
            update.Parameters[1].Value = id;
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        _last = ("R", id);
        return new FactImport(Inserted: false, Changed: stored != properties);
    }

    public async Task<bool> CiteAsync(IReadOnlyList<SourceReference> sources, CancellationToken cancellationToken)
    {
        var added = false;
        foreach (var source in sources)
        {
            var cite = Prepared(Cite, "@fact", "@factId", "@sourceId", "@locator", "@note");
            cite.Parameters[0].Value = _last.Fact;
            cite.Parameters[1].Value = _last.Id;
            cite.Parameters[2].Value = _ids[source.Source].Id;
            cite.Parameters[3].Value = source.Locator ?? "";
            cite.Parameters[4].Value = (object?)source.Note ?? DBNull.Value;
            added |= await cite.ExecuteNonQueryAsync(cancellationToken) > 0;
        }

        return added;
    }

    /// <summary>Same transaction: a failed import rolls back the drop too, so the indexes are never missing after it.</summary>
    public async Task FinishAsync(ImportTally tally, CancellationToken cancellationToken)
    {
        foreach (var create in _deferredIndexes)
        {
            await using var command = Command(create);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        _deferredIndexes = [];
    }

    /// <summary>Checks the whole type (one grouped scan), not only the anchors.</summary>
    public async Task<string?> SingleEndViolationAsync(RelationshipType type, Direction end, IReadOnlyList<string> anchors, CancellationToken cancellationToken)
    {
        await using var check = Command(SingleEndViolation(end == Direction.Outgoing ? "from_id" : "to_id"));
        check.Parameters.AddWithValue("@type", type.Name);
        return await check.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }
    }

    /// <summary>The folded names and aliases, each between newlines, that the substring search matches against.</summary>
    public static string SearchText(string name, IEnumerable<string> aliases) => TextFolding.SearchLines(name, aliases);

    private string PropertiesJson(IReadOnlyDictionary<string, object?> properties)
    {
        if (properties.Count == 0)
        {
            return "{}";
        }

        if (_propertiesJson.TryGetValue(properties, out var json))
        {
            return json;
        }

        json = PropertyValues.ToJson(properties);
        // Only immutable maps are cached: the document's own values, which nothing changes during the import.
        if (_propertiesJson.Count < PropertiesCacheLimit)
        {
            _propertiesJson[properties] = json;
        }

        return json;
    }

    /// <summary>The command for <paramref name="sql"/>, kept for the whole import, its parameters in the order given (set by index per row).</summary>
    private SqliteCommand Prepared(string sql, params string[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Command(sql);
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            _commands[sql] = command;
        }

        return command;
    }

    private SqliteCommand Command(string sql) => transaction.Command(sql);
}
