using System.Text.Json;
using Microsoft.Data.Sqlite;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// Upserts a <see cref="GraphDocument"/> inside the caller's transaction: entities by key, relationships by
/// (type, from, to), citations added. A fact already stored exactly as given is left untouched and counted unchanged,
/// so loading the same document twice changes nothing.
/// Each statement is prepared once and run per row with new parameter values: preparing SQL per row cost more than
/// running it (decision 0012).
/// </summary>
internal sealed class SqliteImport(SqliteTransaction transaction, GraphModel model) : IAsyncDisposable
{
    // Property maps shared between facts (a generator's, a reader's interned values) are serialized once.
    private const int PropertiesCacheLimit = 4096;

    // From this many facts, and when the document is larger than what is stored, secondary indexes are dropped for the
    // load and built again before commit: one sorted build beats a million random index inserts.
    private const int DeferIndexesFrom = 10_000;

    private readonly Dictionary<string, (long Id, string Kind)> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<IReadOnlyDictionary<string, object?>, string> _propertiesJson = new(ReferenceEqualityComparer.Instance);
    private readonly List<SqliteCommand> _commands = [];
    private readonly ImportTally _tally = new();

    private SqliteCommand? _selectEntity, _insertEntity, _updateEntity, _selectKind;
    private SqliteCommand? _selectRelationship, _insertRelationship, _updateRelationship, _cite;

    public async Task<ImportResult> RunAsync(GraphDocument document, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var deferred = await DeferIndexesAsync(document.Entities.Count + document.Relationships.Count, cancellationToken);
        var done = 0L;

        // Sources first: every other fact cites them.
        foreach (var entity in document.Entities.OrderBy(e => e.Kind == GraphModel.SourceKind ? 0 : 1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await UpsertEntityAsync(entity, cancellationToken);
            Report(progress, ++done);
        }

        foreach (var relationship in document.Relationships)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await UpsertRelationshipAsync(relationship, cancellationToken);
            Report(progress, ++done);
        }

        progress?.Report(done);

        // Same transaction: a failed import rolls back the drop too, so the indexes are never missing after it.
        foreach (var create in deferred)
        {
            await using var command = Command(create);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await CheckCardinalityAsync(document.Relationships.Select(r => r.Type).Distinct(), cancellationToken);
        return _tally.ToResult();
    }

    // Every 1,000 facts: often enough for a progress bar, rare enough to cost nothing.
    private static void Report(IProgress<long>? progress, long done)
    {
        if (done % 1000 == 0)
        {
            progress?.Report(done);
        }
    }

    /// <summary>
    /// Drops the secondary indexes of the fact tables when the load is large, returning the statements that recreate
    /// them. The unique indexes stay: the upserts look rows up by key and by (type, from, to) through them.
    /// </summary>
    private async Task<List<string>> DeferIndexesAsync(int facts, CancellationToken cancellationToken)
    {
        var statements = new List<string>();
        if (facts < DeferIndexesFrom)
        {
            return statements;
        }

        await using (var count = Command("SELECT (SELECT COUNT(*) FROM entities) + (SELECT COUNT(*) FROM relationships)"))
        {
            if ((long)(await count.ExecuteScalarAsync(cancellationToken))! > facts)
            {
                return statements;
            }
        }

        var names = new List<string>();
        await using (var list = Command("""
            SELECT name, sql FROM sqlite_master
            WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('entities', 'relationships', 'citations') ORDER BY name
            """))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                names.Add(reader.GetString(0));
                statements.Add(reader.GetString(1));
            }
        }

        foreach (var name in names)
        {
            // Names come from sqlite_master (the schema's own), quoted all the same.
            await using var drop = Command($"DROP INDEX \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        return statements;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands)
        {
            await command.DisposeAsync();
        }
    }

    private async Task UpsertEntityAsync(Entity entity, CancellationToken cancellationToken)
    {
        var aliases = entity.Aliases.Count == 0 ? "[]" : JsonSerializer.Serialize(entity.Aliases);
        var properties = PropertiesJson(entity.Properties);

        // Insert first (most facts of a big load are new); only a key already stored is read back and compared.
        var insert = _insertEntity ??= Prepare("""
            INSERT INTO entities (kind, key, name, description, aliases, properties, search_text)
            VALUES (@kind, @key, @name, @description, @aliases, @properties, @search) ON CONFLICT (key) DO NOTHING RETURNING id
            """, "@key", "@name", "@description", "@aliases", "@properties", "@search", "@kind");
        Bind(insert);
        insert.Parameters[6].Value = entity.Kind;
        var inserted = await insert.ExecuteScalarAsync(cancellationToken);

        long id;
        bool changed;
        if (inserted is long newId)
        {
            (id, changed) = (newId, true);
        }
        else
        {
            var select = _selectEntity ??= Prepare("SELECT id, kind, name, description, aliases, properties FROM entities WHERE key = @key", "@key");
            select.Parameters[0].Value = entity.Key;
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                id = reader.GetInt64(0);
                if (reader.GetString(1) != entity.Kind)
                {
                    throw new InvalidOperationException(
                        $"Key '{entity.Key}' is already a {reader.GetString(1)}; it cannot become a {entity.Kind}.");
                }

                changed = reader.GetString(2) != entity.Name
                    || (reader.IsDBNull(3) ? null : reader.GetString(3)) != entity.Description
                    || reader.GetString(4) != aliases
                    || reader.GetString(5) != properties;
            }
            else
            {
                throw new InvalidOperationException($"Key '{entity.Key}' was neither inserted nor found.");
            }
        }

        var isNew = inserted is long;
        if (!isNew && changed)
        {
            var update = _updateEntity ??= Prepare("""
                UPDATE entities SET name = @name, description = @description, aliases = @aliases,
                       properties = @properties, search_text = @search WHERE key = @key
                """, "@key", "@name", "@description", "@aliases", "@properties", "@search");
            Bind(update);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        _ids[entity.Key] = (id, entity.Kind);
        var cited = await CiteAsync('E', id, entity.Sources, cancellationToken);
        _tally.Count(isNew, changed, cited);

        void Bind(SqliteCommand command)
        {
            command.Parameters[0].Value = entity.Key;
            command.Parameters[1].Value = entity.Name;
            command.Parameters[2].Value = (object?)entity.Description ?? DBNull.Value;
            command.Parameters[3].Value = aliases;
            command.Parameters[4].Value = properties;
            command.Parameters[5].Value = SearchText(entity.Name, entity.Aliases);
        }
    }

    private async Task UpsertRelationshipAsync(Relationship relationship, CancellationToken cancellationToken)
    {
        var type = model.Relationship(relationship.Type);
        var from = await ResolveAsync(relationship.From, type.From, type.Name, cancellationToken);
        var to = await ResolveAsync(relationship.To, type.To, type.Name, cancellationToken);
        var properties = PropertiesJson(relationship.Properties);

        var insert = _insertRelationship ??= Prepare("""
            INSERT INTO relationships (type, from_id, to_id, properties) VALUES (@type, @from, @to, @properties)
            ON CONFLICT (type, from_id, to_id) DO NOTHING RETURNING id
            """, "@type", "@from", "@to", "@properties");
        insert.Parameters[0].Value = type.Name;
        insert.Parameters[1].Value = from;
        insert.Parameters[2].Value = to;
        insert.Parameters[3].Value = properties;
        var inserted = await insert.ExecuteScalarAsync(cancellationToken);
        long id = -1;
        string? stored = null;
        if (inserted is long newId)
        {
            id = newId;
        }
        else
        {
            var select = _selectRelationship ??= Prepare(
                "SELECT id, properties FROM relationships WHERE type = @type AND from_id = @from AND to_id = @to", "@type", "@from", "@to");
            select.Parameters[0].Value = type.Name;
            select.Parameters[1].Value = from;
            select.Parameters[2].Value = to;
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                id = reader.GetInt64(0);
                stored = reader.GetString(1);
            }
        }

        var isNew = inserted is long;
        if (!isNew && stored != properties)
        {
            var update = _updateRelationship ??= Prepare("UPDATE relationships SET properties = @properties WHERE id = @id", "@properties", "@id");
            update.Parameters[0].Value = properties;
            update.Parameters[1].Value = id;
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        var cited = await CiteAsync('R', id, relationship.Sources, cancellationToken);
        _tally.Count(isNew, isNew || stored != properties, cited);
    }

    /// <summary>The row id of <paramref name="key"/>, checked to be a <paramref name="expectedKind"/>; <paramref name="referrer"/> names the fact for errors.</summary>
    private async Task<long> ResolveAsync(string key, string expectedKind, string referrer, CancellationToken cancellationToken)
    {
        if (!_ids.TryGetValue(key, out var found))
        {
            var select = _selectKind ??= Prepare("SELECT id, kind FROM entities WHERE key = @key", "@key");
            select.Parameters[0].Value = key;
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"{referrer} refers to unknown key '{key}'.");
            }

            found = (reader.GetInt64(0), reader.GetString(1));
            _ids[key] = found;
        }

        return GraphModel.Accepts(expectedKind, model.Kind(found.Kind))
            ? found.Id
            : throw new InvalidOperationException($"{referrer} needs a {expectedKind}, but '{key}' is a {found.Kind}.");
    }

    /// <summary>Adds citations not yet recorded, and sets the note of those recorded with another; true when any changed.</summary>
    private async Task<bool> CiteAsync(char fact, long factId, IReadOnlyList<SourceReference> sources, CancellationToken cancellationToken)
    {
        var added = false;
        foreach (var source in sources)
        {
            var sourceId = await ResolveAsync(source.Source, GraphModel.SourceKind, "A citation", cancellationToken);
            var insert = _cite ??= Prepare(
                """
                INSERT INTO citations (fact, fact_id, source_id, locator, note) VALUES (@fact, @factId, @sourceId, @locator, @note)
                ON CONFLICT (fact, fact_id, source_id, locator) DO UPDATE SET note = excluded.note WHERE note IS NOT excluded.note
                """,
                "@fact", "@factId", "@sourceId", "@locator", "@note");
            insert.Parameters[0].Value = fact == 'E' ? "E" : "R";
            insert.Parameters[1].Value = factId;
            insert.Parameters[2].Value = sourceId;
            insert.Parameters[3].Value = source.Locator ?? "";
            insert.Parameters[4].Value = (object?)source.Note ?? DBNull.Value;
            added |= await insert.ExecuteNonQueryAsync(cancellationToken) > 0;
        }

        return added;
    }

    /// <summary>An end declared "one" may hold one relationship of its type, counting what was stored before.</summary>
    private async Task CheckCardinalityAsync(IEnumerable<string> typeNames, CancellationToken cancellationToken)
    {
        foreach (var type in typeNames.Select(model.Relationship))
        {
            foreach (var (end, column) in new[] { (type.Outgoing, "from_id"), (type.Incoming, "to_id") })
            {
                if (end.Cardinality != Cardinality.One)
                {
                    continue;
                }

                await using var check = Command($"""
                    SELECT e.key FROM relationships r JOIN entities e ON e.id = r.{column}
                    WHERE r.type = @type GROUP BY r.{column} HAVING COUNT(*) > 1 LIMIT 1
                    """);
                check.Parameters.AddWithValue("@type", type.Name);
                if (await check.ExecuteScalarAsync(cancellationToken) is string key)
                {
                    throw new InvalidOperationException($"'{key}' would have more than one {type.Name} relationship ({end.Field} is a single value).");
                }
            }
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

    /// <summary>A command kept for the whole import, its parameters in the order given (set by index per row).</summary>
    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = Command(sql);
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        _commands.Add(command);
        return command;
    }

    private SqliteCommand Command(string sql) => transaction.Command(sql);
}
