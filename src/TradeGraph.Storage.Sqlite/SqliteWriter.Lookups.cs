using System.Text.Json;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Writing;

namespace TradeGraph.Storage.Sqlite;

/// <summary>What the write checks read from the stored graph: entities by key, ends of the right kind, relationships, citing facts.</summary>
internal sealed partial class SqliteWriter
{
    /// <summary>The entity at one end of a relationship, checked to be of a kind the type joins.</summary>
    private async Task<StoredEntity> RequireEndAsync(RelationshipType type, string key, Direction end, CancellationToken cancellationToken)
    {
        var field = end == Direction.Outgoing ? "from" : "to";
        var stored = await FindEntityAsync(key, cancellationToken)
            ?? throw new Refusal(WriteErrorCodes.NotFound, $"No entity has the key '{key}'.", field);
        var expected = end == Direction.Outgoing ? type.From : type.To;
        return GraphModel.Accepts(expected, stored.Kind)
            ? stored
            : throw new Refusal(WriteErrorCodes.RelationshipNotAllowed,
                $"{type.Name} goes from a {type.From} to a {type.To}; '{key}' is a {stored.Kind.Name}.", field);
    }

    private async Task<StoredEntity> RequireEntityAsync(string kind, string key, string field, CancellationToken cancellationToken)
    {
        var stored = await FindEntityAsync(key, cancellationToken);
        return stored is not null && stored.Kind.Name == kind
            ? stored
            : throw new Refusal(WriteErrorCodes.NotFound, $"No {kind} has the key '{key}'.", field);
    }

    /// <summary>An end declared single may hold one relationship of the type.</summary>
    private async Task CheckSingleEndAsync(RelationshipType type, RelationshipEnd end, string column, StoredEntity anchor, string field,
        CancellationToken cancellationToken)
    {
        if (end.Cardinality != Cardinality.One)
        {
            return;
        }

        var other = column == "from_id" ? "to_id" : "from_id";
        await using var command = Command($"""
            SELECT e.key FROM relationships r JOIN entities e ON e.id = r.{other} WHERE r.type = @type AND r.{column} = @id LIMIT 1
            """);
        command.Parameters.AddWithValue("@type", type.Name);
        command.Parameters.AddWithValue("@id", anchor.Id);
        if (await command.ExecuteScalarAsync(cancellationToken) is string taken)
        {
            throw new Refusal(WriteErrorCodes.CardinalityExceeded,
                $"'{anchor.Key}' already has a {type.Name} relationship (with '{taken}') and {end.Field} is a single value; disconnect that one first.", field);
        }
    }

    private async Task<StoredEntity?> FindEntityAsync(string key, CancellationToken cancellationToken)
    {
        await using var select = Command("SELECT id, kind, name, description, aliases, properties FROM entities WHERE key = @key");
        select.Parameters.AddWithValue("@key", key);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var kind = model.Kind(reader.GetString(1));
        return new StoredEntity(reader.GetInt64(0), kind, key, reader.GetString(2),
            JsonSerializer.Deserialize<string[]>(reader.GetString(4)) ?? [], reader.IsDBNull(3) ? null : reader.GetString(3),
            PropertyValues.FromStoredJson(kind.Properties, reader.GetString(5), model));
    }

    private async Task<(long Id, Relationship Relationship)?> FindRelationshipAsync(string type, long from, long to, CancellationToken cancellationToken)
    {
        await using var select = Command("""
            SELECT r.id, f.key, t.key, r.properties FROM relationships r JOIN entities f ON f.id = r.from_id JOIN entities t ON t.id = r.to_id
            WHERE r.type = @type AND r.from_id = @from AND r.to_id = @to
            """);
        select.Parameters.AddWithValue("@type", type);
        select.Parameters.AddWithValue("@from", from);
        select.Parameters.AddWithValue("@to", to);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), ReadRelationship(reader, type)) : null;
    }

    /// <summary>Every relationship at either end of an entity, with the kinds of its ends, to detach or to name in a refusal.</summary>
    private async Task<List<(long Id, Relationship Relationship, string FromKind, string ToKind)>> RelationshipsOfAsync(long entityId,
        CancellationToken cancellationToken)
    {
        await using var select = Command("""
            SELECT r.id, f.key, t.key, r.properties, r.type, f.kind, t.kind
            FROM relationships r JOIN entities f ON f.id = r.from_id JOIN entities t ON t.id = r.to_id
            WHERE r.from_id = @id OR r.to_id = @id ORDER BY r.type, f.key, t.key
            """);
        select.Parameters.AddWithValue("@id", entityId);
        var result = new List<(long, Relationship, string, string)>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add((reader.GetInt64(0), ReadRelationship(reader, reader.GetString(4)), reader.GetString(5), reader.GetString(6)));
        }

        return result;
    }

    /// <summary>The facts other than the source and its own relationships that cite <paramref name="source"/>, with their kinds.</summary>
    private async Task<List<CitingFact>> CitingFactsAsync(StoredEntity source, CancellationToken cancellationToken)
    {
        await using var select = Command("""
            SELECT NULL, e.key, e.kind, NULL, NULL, c.locator FROM citations c JOIN entities e ON c.fact = 'E' AND e.id = c.fact_id
            WHERE c.source_id = @id AND e.id <> @id
            UNION ALL
            SELECT r.type, f.key, f.kind, t.key, t.kind, c.locator FROM citations c JOIN relationships r ON c.fact = 'R' AND r.id = c.fact_id
            JOIN entities f ON f.id = r.from_id JOIN entities t ON t.id = r.to_id
            WHERE c.source_id = @id AND r.from_id <> @id AND r.to_id <> @id
            ORDER BY 1, 2, 4, 6
            """);
        select.Parameters.AddWithValue("@id", source.Id);
        var result = new List<CitingFact>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var citation = new SourceReference(source.Key, reader.GetString(5) is { Length: > 0 } locator ? locator : null);
            result.Add(reader.IsDBNull(0)
                ? new CitingFact(reader.GetString(1), [reader.GetString(2)], citation)
                : new CitingFact(FactKey.Of(reader.GetString(0), reader.GetString(1), reader.GetString(3)), [reader.GetString(2), reader.GetString(4)], citation));
        }

        return result;
    }
}
