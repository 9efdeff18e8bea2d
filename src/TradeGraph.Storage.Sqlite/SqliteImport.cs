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
/// </summary>
internal sealed class SqliteImport(SqliteConnection connection, SqliteTransaction transaction, GraphModel model)
{
    private readonly Dictionary<string, (long Id, string Kind)> _ids = new(StringComparer.Ordinal);
    private int _inserted;
    private int _updated;
    private int _unchanged;

    public async Task<ImportResult> RunAsync(GraphDocument document, CancellationToken cancellationToken)
    {
        // Sources first: every other fact cites them.
        foreach (var entity in document.Entities.OrderBy(e => e.Kind == GraphModel.SourceKind ? 0 : 1))
        {
            await UpsertEntityAsync(entity, cancellationToken);
        }

        foreach (var relationship in document.Relationships)
        {
            await UpsertRelationshipAsync(relationship, cancellationToken);
        }

        await CheckCardinalityAsync(document.Relationships.Select(r => r.Type).Distinct(), cancellationToken);
        return new ImportResult(_inserted, _updated, _unchanged);
    }

    private async Task UpsertEntityAsync(Entity entity, CancellationToken cancellationToken)
    {
        var aliases = JsonSerializer.Serialize(entity.Aliases);
        var properties = PropertyValues.ToJson(entity.Properties);
        var searchText = SearchText(entity.Name, entity.Aliases);

        await using var select = Command("SELECT id, kind, name, description, aliases, properties FROM entities WHERE key = @key");
        select.Parameters.AddWithValue("@key", entity.Key);
        long id;
        bool changed;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
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
                id = -1;
                changed = true;
            }
        }

        var isNew = id < 0;
        if (isNew)
        {
            await using var insert = Command("""
                INSERT INTO entities (kind, key, name, description, aliases, properties, search_text)
                VALUES (@kind, @key, @name, @description, @aliases, @properties, @search) RETURNING id
                """);
            Bind(insert);
            insert.Parameters.AddWithValue("@kind", entity.Kind);
            id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        }
        else if (changed)
        {
            await using var update = Command("""
                UPDATE entities SET name = @name, description = @description, aliases = @aliases,
                       properties = @properties, search_text = @search WHERE key = @key
                """);
            Bind(update);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        _ids[entity.Key] = (id, entity.Kind);
        var cited = await CiteAsync('E', id, entity.Sources, cancellationToken);
        Count(isNew, changed, cited);

        void Bind(SqliteCommand command)
        {
            command.Parameters.AddWithValue("@key", entity.Key);
            command.Parameters.AddWithValue("@name", entity.Name);
            command.Parameters.AddWithValue("@description", (object?)entity.Description ?? DBNull.Value);
            command.Parameters.AddWithValue("@aliases", aliases);
            command.Parameters.AddWithValue("@properties", properties);
            command.Parameters.AddWithValue("@search", searchText);
        }
    }

    private async Task UpsertRelationshipAsync(Relationship relationship, CancellationToken cancellationToken)
    {
        var type = model.Relationship(relationship.Type);
        var from = await ResolveAsync(relationship.From, type.From, type.Name, cancellationToken);
        var to = await ResolveAsync(relationship.To, type.To, type.Name, cancellationToken);
        var properties = PropertyValues.ToJson(relationship.Properties);

        await using var select = Command("SELECT id, properties FROM relationships WHERE type = @type AND from_id = @from AND to_id = @to");
        select.Parameters.AddWithValue("@type", type.Name);
        select.Parameters.AddWithValue("@from", from);
        select.Parameters.AddWithValue("@to", to);
        long id = -1;
        string? stored = null;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                id = reader.GetInt64(0);
                stored = reader.GetString(1);
            }
        }

        var isNew = id < 0;
        if (isNew)
        {
            await using var insert = Command(
                "INSERT INTO relationships (type, from_id, to_id, properties) VALUES (@type, @from, @to, @properties) RETURNING id");
            insert.Parameters.AddWithValue("@type", type.Name);
            insert.Parameters.AddWithValue("@from", from);
            insert.Parameters.AddWithValue("@to", to);
            insert.Parameters.AddWithValue("@properties", properties);
            id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        }
        else if (stored != properties)
        {
            await using var update = Command("UPDATE relationships SET properties = @properties WHERE id = @id");
            update.Parameters.AddWithValue("@properties", properties);
            update.Parameters.AddWithValue("@id", id);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        var cited = await CiteAsync('R', id, relationship.Sources, cancellationToken);
        Count(isNew, isNew || stored != properties, cited);
    }

    private void Count(bool inserted, bool changed, bool cited)
    {
        if (inserted)
        {
            _inserted++;
        }
        else if (changed || cited)
        {
            _updated++;
        }
        else
        {
            _unchanged++;
        }
    }

    /// <summary>The row id of <paramref name="key"/>, checked to be a <paramref name="expectedKind"/>; <paramref name="referrer"/> names the fact for errors.</summary>
    private async Task<long> ResolveAsync(string key, string expectedKind, string referrer, CancellationToken cancellationToken)
    {
        if (!_ids.TryGetValue(key, out var found))
        {
            await using var select = Command("SELECT id, kind FROM entities WHERE key = @key");
            select.Parameters.AddWithValue("@key", key);
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

    /// <summary>Adds citations not yet recorded; true when any was new.</summary>
    private async Task<bool> CiteAsync(char fact, long factId, IReadOnlyList<SourceReference> sources, CancellationToken cancellationToken)
    {
        var added = false;
        foreach (var source in sources)
        {
            var sourceId = await ResolveAsync(source.Source, GraphModel.SourceKind, "A citation", cancellationToken);
            await using var insert = Command(
                "INSERT OR IGNORE INTO citations (fact, fact_id, source_id, locator) VALUES (@fact, @factId, @sourceId, @locator)");
            insert.Parameters.AddWithValue("@fact", fact.ToString());
            insert.Parameters.AddWithValue("@factId", factId);
            insert.Parameters.AddWithValue("@sourceId", sourceId);
            insert.Parameters.AddWithValue("@locator", source.Locator ?? "");
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
    public static string SearchText(string name, IEnumerable<string> aliases) =>
        "\n" + string.Join("\n", aliases.Prepend(name).Select(TextFolding.Fold)) + "\n";

    private SqliteCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
