using System.Text.Json;
using Microsoft.Data.Sqlite;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Writing;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// Applies one <see cref="WriteBatch"/> inside the caller's transaction, checking what needs the stored graph (keys
/// exist, kinds fit the relationship, single ends stay single, deletes orphan nothing), recording history, and
/// collecting every refusal: the caller commits only when there is none.
/// </summary>
internal sealed partial class SqliteWriter(SqliteConnection connection, SqliteTransaction transaction, GraphModel model, DateTimeOffset at)
{
    private readonly List<WriteError> _errors = [];
    private long _revision;
    private string _actor = "";
    private KindScope _scope = KindScope.All;
    private int _index;

    /// <summary>An entity row as stored, with its properties as CLR values.</summary>
    private sealed record StoredEntity(long Id, EntityKind Kind, string Key, string Name, IReadOnlyList<string> Aliases, string? Description,
        IReadOnlyDictionary<string, object?> Properties)
    {
        public EntityFields Fields => new(Name, Aliases, Description, Properties);
    }

    /// <summary>What one write did: its outcome, the entity key or relationship row it leaves (none when deleted), and what a delete removed.</summary>
    public sealed record Step(WriteOutcome Outcome, string? EntityKey, long RelationshipId, Entity? Before, Relationship? RelationshipBefore,
        IReadOnlyList<Relationship>? Detached = null);

    /// <summary>Thrown inside one write to stop it; the batch goes on so every refusal is reported.</summary>
    private sealed class Refusal(WriteError error) : Exception(error.Message)
    {
        public Refusal(string code, string message, params string[] path)
            : this(new WriteError(code, message, path))
        {
        }

        public WriteError Error { get; } = error;
    }

    public IReadOnlyList<WriteError> Errors => _errors;

    public long Revision => _revision;

    public async Task<IReadOnlyList<Step>> RunAsync(WriteBatch batch, CancellationToken cancellationToken)
    {
        _actor = batch.Actor;
        _scope = batch.Scope ?? KindScope.All;
        var steps = new List<Step>();
        for (_index = 0; _index < batch.Writes.Count; _index++)
        {
            var write = batch.Writes[_index];
            try
            {
                var step = write switch
                {
                    CreateEntity create => await CreateAsync(create, cancellationToken),
                    UpdateEntity update => await UpdateAsync(update, cancellationToken),
                    DeleteEntity delete => await DeleteAsync(delete, cancellationToken),
                    Connect connect => await ConnectAsync(connect, cancellationToken),
                    Disconnect disconnect => await DisconnectAsync(disconnect, cancellationToken),
                    _ => throw new ArgumentException($"Unknown write {write.GetType().Name}.", nameof(batch)),
                };
                steps.Add(step);
            }
            catch (Refusal refusal)
            {
                _errors.Add(refusal.Error with { Index = _index });
            }
        }

        return steps;
    }

    private async Task<Step> CreateAsync(CreateEntity create, CancellationToken cancellationToken)
    {
        var entity = create.Entity;
        var kind = model.Kind(entity.Kind);
        Deny(_scope.Refusal([entity.Kind], $"Writing '{entity.Key}'", "key"));
        var stored = await FindEntityAsync(entity.Key, cancellationToken);
        if (stored is null)
        {
            var id = await InsertEntityAsync(entity, cancellationToken);
            await CiteAsync('E', id, entity.Sources, cancellationToken);
            var changes = FieldChanges.OfEntity(kind, null, new EntityFields(entity.Name, entity.Aliases, entity.Description, entity.Properties));
            await RecordAsync(entity.Key, entity.Kind, ChangeKind.Created, changes, entity.Sources, create.Editorial, cancellationToken);
            return new Step(WriteOutcome.Created, entity.Key, -1, null, null);
        }

        if (!create.Upsert)
        {
            throw new Refusal(WriteErrorCodes.KeyConflict,
                $"The key '{entity.Key}' is taken by a {stored.Kind.Name}; update it, upsert it, or choose another key.", "key");
        }

        if (stored.Kind.Name != entity.Kind)
        {
            throw new Refusal(WriteErrorCodes.KeyConflict, $"The key '{entity.Key}' is taken by a {stored.Kind.Name}; it cannot become a {entity.Kind}.", "key");
        }

        var next = stored.Fields.Upserted(create, kind);
        return await ChangeEntityAsync(stored, next.Name, next.Aliases, next.Description, next.Properties.ToDictionary(StringComparer.Ordinal),
            entity.Sources, create.Editorial, cancellationToken);
    }

    private async Task<Step> UpdateAsync(UpdateEntity update, CancellationToken cancellationToken)
    {
        Deny(_scope.Refusal([update.Kind], $"Writing '{update.Key}'", "key"));
        var stored = await RequireEntityAsync(update.Kind, update.Key, "key", cancellationToken);
        var next = stored.Fields.Updated(update);
        return await ChangeEntityAsync(stored, next.Name, next.Aliases, next.Description, next.Properties.ToDictionary(StringComparer.Ordinal),
            update.Sources, update.Editorial, cancellationToken);
    }

    private async Task<Step> ChangeEntityAsync(StoredEntity stored, string name, IReadOnlyList<string> aliases, string? description,
        Dictionary<string, object?> properties, IReadOnlyList<SourceReference> sources, bool editorial, CancellationToken cancellationToken)
    {
        foreach (var cleared in properties.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            properties.Remove(cleared);
        }

        var changes = FieldChanges.OfEntity(stored.Kind, stored.Fields, new EntityFields(name, aliases, description, properties));
        if (changes.Count > 0)
        {
            await using var update = Command("""
                UPDATE entities SET name = @name, description = @description, aliases = @aliases,
                       properties = @properties, search_text = @search WHERE id = @id
                """);
            update.Parameters.AddWithValue("@id", stored.Id);
            update.Parameters.AddWithValue("@name", name);
            update.Parameters.AddWithValue("@description", (object?)description ?? DBNull.Value);
            update.Parameters.AddWithValue("@aliases", JsonSerializer.Serialize(aliases));
            update.Parameters.AddWithValue("@properties", PropertyValues.ToJson(properties));
            update.Parameters.AddWithValue("@search", SqliteImport.SearchText(name, aliases));
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        var cited = await CiteAsync('E', stored.Id, sources, cancellationToken);
        if (changes.Count == 0 && !cited)
        {
            return new Step(WriteOutcome.Unchanged, stored.Key, -1, null, null);
        }

        await RecordAsync(stored.Key, stored.Kind.Name, ChangeKind.Updated, changes, sources, editorial, cancellationToken);
        return new Step(WriteOutcome.Updated, stored.Key, -1, null, null);
    }

    private async Task<Step> DeleteAsync(DeleteEntity delete, CancellationToken cancellationToken)
    {
        Deny(_scope.Refusal([delete.Kind], $"Deleting '{delete.Key}'", "key"));
        var stored = await RequireEntityAsync(delete.Kind, delete.Key, "key", cancellationToken);
        var relationships = await RelationshipsOfAsync(stored.Id, cancellationToken);
        var citing = await ScalarLongAsync("SELECT COUNT(*) FROM citations WHERE source_id = @id", stored.Id, cancellationToken);
        if (!delete.Detach && (relationships.Count > 0 || citing > 0))
        {
            var parts = relationships.GroupBy(r => r.Relationship.Type).Select(g => $"{g.Key} ×{g.Count()}")
                .Concat(citing > 0 ? [$"{citing} citations of it"] : []);
            throw new Refusal(WriteErrorCodes.WouldOrphan,
                $"'{stored.Key}' still has {string.Join(", ", parts)}; disconnect them first, or delete with detach: true.", "key");
        }

        var effect = new DetachEffect(stored.Kind.Name, [.. relationships.Select(r => (r.FromKind, r.ToKind))],
            citing > 0 ? await CitingFactsAsync(stored, cancellationToken) : []);
        Deny(_scope.Refusal(effect.TouchedKinds, $"Deleting '{stored.Key}' with detach", "detach"));
        var before = (await Load([stored.Key], cancellationToken))[stored.Key];
        foreach (var (fact, changes) in effect.CitationRemovals)
        {
            await RecordAsync(fact, effect.KindOf(fact), ChangeKind.Updated, changes, [], editorial: true, cancellationToken);
        }

        foreach (var (id, relationship, _, _) in relationships)
        {
            await DeleteRelationshipRowAsync(id, cancellationToken);
            await RecordAsync(FactKey.Of(relationship), relationship.Type, ChangeKind.Deleted, FieldChanges.OfRelationship(model.Relationship(relationship.Type), relationship.Properties, null),
                [], editorial: true, cancellationToken);
        }

        await ExecuteAsync("DELETE FROM citations WHERE source_id = @id OR (fact = 'E' AND fact_id = @id)", stored.Id, cancellationToken);
        await ExecuteAsync("DELETE FROM entities WHERE id = @id", stored.Id, cancellationToken);
        await RecordAsync(stored.Key, stored.Kind.Name, ChangeKind.Deleted, FieldChanges.OfEntity(stored.Kind, stored.Fields, null), [], editorial: true, cancellationToken);
        return new Step(WriteOutcome.Deleted, null, -1, before, null, [.. relationships.Select(r => r.Relationship)]);
    }

    private async Task<Step> ConnectAsync(Connect connect, CancellationToken cancellationToken)
    {
        var relationship = connect.Relationship;
        var type = model.Relationship(relationship.Type);
        var from = await RequireEndAsync(type, relationship.From, Direction.Outgoing, cancellationToken);
        var to = await RequireEndAsync(type, relationship.To, Direction.Incoming, cancellationToken);
        Deny(_scope.Refusal([from.Kind.Name, to.Kind.Name], $"{type.Name} from '{from.Key}' to '{to.Key}'", "to"));

        var existing = await FindRelationshipAsync(type.Name, from.Id, to.Id, cancellationToken);
        var properties = existing is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : existing.Value.Relationship.Properties.ToDictionary(StringComparer.Ordinal);
        foreach (var property in type.Properties.Where(p => connect.GivenProperties.Contains(p.Name)))
        {
            properties[property.Name] = relationship.Property(property.Name);
        }

        foreach (var cleared in properties.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            properties.Remove(cleared);
        }

        if (existing is null)
        {
            await CheckSingleEndAsync(type, type.Outgoing, "from_id", from, "to", cancellationToken);
            await CheckSingleEndAsync(type, type.Incoming, "to_id", to, "from", cancellationToken);
            await using var insert = Command(
                "INSERT INTO relationships (type, from_id, to_id, properties) VALUES (@type, @from, @to, @properties) RETURNING id");
            insert.Parameters.AddWithValue("@type", type.Name);
            insert.Parameters.AddWithValue("@from", from.Id);
            insert.Parameters.AddWithValue("@to", to.Id);
            insert.Parameters.AddWithValue("@properties", PropertyValues.ToJson(properties));
            var id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
            await CiteAsync('R', id, relationship.Sources, cancellationToken);
            await RecordAsync(FactKey.Of(relationship), relationship.Type, ChangeKind.Created, FieldChanges.OfRelationship(type, null, properties), relationship.Sources,
                connect.Editorial, cancellationToken);
            return new Step(WriteOutcome.Created, null, id, null, null);
        }

        var (existingId, stored) = existing.Value;
        var changes = FieldChanges.OfRelationship(type, stored.Properties, properties);
        if (changes.Count > 0)
        {
            await using var update = Command("UPDATE relationships SET properties = @properties WHERE id = @id");
            update.Parameters.AddWithValue("@properties", PropertyValues.ToJson(properties));
            update.Parameters.AddWithValue("@id", existingId);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        var cited = await CiteAsync('R', existingId, relationship.Sources, cancellationToken);
        if (changes.Count == 0 && !cited)
        {
            return new Step(WriteOutcome.Unchanged, null, existingId, null, null);
        }

        await RecordAsync(FactKey.Of(relationship), relationship.Type, ChangeKind.Updated, changes, relationship.Sources, connect.Editorial, cancellationToken);
        return new Step(WriteOutcome.Updated, null, existingId, null, null);
    }

    private async Task<Step> DisconnectAsync(Disconnect disconnect, CancellationToken cancellationToken)
    {
        var type = model.Relationship(disconnect.Type);
        var from = await RequireEndAsync(type, disconnect.From, Direction.Outgoing, cancellationToken);
        var to = await RequireEndAsync(type, disconnect.To, Direction.Incoming, cancellationToken);
        Deny(_scope.Refusal([from.Kind.Name, to.Kind.Name], $"{type.Name} from '{from.Key}' to '{to.Key}'", "to"));
        if (await FindRelationshipAsync(type.Name, from.Id, to.Id, cancellationToken) is not var (id, relationship))
        {
            throw new Refusal(WriteErrorCodes.NotFound, $"There is no {type.Name} relationship from '{disconnect.From}' to '{disconnect.To}'.", "to");
        }

        await DeleteRelationshipRowAsync(id, cancellationToken);
        await RecordAsync(FactKey.Of(relationship), relationship.Type, ChangeKind.Deleted, FieldChanges.OfRelationship(type, relationship.Properties, null), [], editorial: true, cancellationToken);
        return new Step(WriteOutcome.Deleted, null, -1, null, relationship);
    }

    private static void Deny(WriteError? refusal)
    {
        if (refusal is not null)
        {
            throw new Refusal(refusal);
        }
    }

    private Relationship ReadRelationship(SqliteDataReader reader, string type) => new(type, reader.GetString(1), reader.GetString(2),
        PropertyValues.FromStoredJson(model.Relationship(type).Properties, reader.GetString(3), model), []);

    private async Task<long> InsertEntityAsync(Entity entity, CancellationToken cancellationToken)
    {
        await using var insert = Command("""
            INSERT INTO entities (kind, key, name, description, aliases, properties, search_text)
            VALUES (@kind, @key, @name, @description, @aliases, @properties, @search) RETURNING id
            """);
        insert.Parameters.AddWithValue("@kind", entity.Kind);
        insert.Parameters.AddWithValue("@key", entity.Key);
        insert.Parameters.AddWithValue("@name", entity.Name);
        insert.Parameters.AddWithValue("@description", (object?)entity.Description ?? DBNull.Value);
        insert.Parameters.AddWithValue("@aliases", JsonSerializer.Serialize(entity.Aliases));
        insert.Parameters.AddWithValue("@properties", PropertyValues.ToJson(entity.Properties));
        insert.Parameters.AddWithValue("@search", SqliteImport.SearchText(entity.Name, entity.Aliases));
        return (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task DeleteRelationshipRowAsync(long id, CancellationToken cancellationToken)
    {
        await ExecuteAsync("DELETE FROM citations WHERE fact = 'R' AND fact_id = @id", id, cancellationToken);
        await ExecuteAsync("DELETE FROM relationships WHERE id = @id", id, cancellationToken);
    }

    /// <summary>Adds the citations not yet recorded and sets the note of those recorded with another; true when any changed. A cited key must be a Source.</summary>
    private async Task<bool> CiteAsync(char fact, long factId, IReadOnlyList<SourceReference> sources, CancellationToken cancellationToken)
    {
        var added = false;
        foreach (var source in sources)
        {
            var stored = await FindEntityAsync(source.Source, cancellationToken);
            if (stored?.Kind.Name != GraphModel.SourceKind)
            {
                throw new Refusal(WriteErrorCodes.NotFound, $"No Source has the key '{source.Source}'; create the Source first.", "sources");
            }

            await using var insert = Command("""
                INSERT INTO citations (fact, fact_id, source_id, locator, note) VALUES (@fact, @factId, @sourceId, @locator, @note)
                ON CONFLICT (fact, fact_id, source_id, locator) DO UPDATE SET note = excluded.note WHERE note IS NOT excluded.note
                """);
            insert.Parameters.AddWithValue("@fact", fact.ToString());
            insert.Parameters.AddWithValue("@factId", factId);
            insert.Parameters.AddWithValue("@sourceId", stored.Id);
            insert.Parameters.AddWithValue("@locator", source.Locator ?? "");
            insert.Parameters.AddWithValue("@note", (object?)source.Note ?? DBNull.Value);
            added |= await insert.ExecuteNonQueryAsync(cancellationToken) > 0;
        }

        return added;
    }

    /// <summary>Writes one history row, opening the batch's revision on its first change.</summary>
    private async Task RecordAsync(string fact, string kind, ChangeKind change, IReadOnlyList<FieldChange> changes, IReadOnlyList<SourceReference> sources,
        bool editorial, CancellationToken cancellationToken)
    {
        if (_revision == 0)
        {
            await using var open = Command("INSERT INTO revisions (at, actor) VALUES (@at, @actor) RETURNING id");
            open.Parameters.AddWithValue("@at", at.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            open.Parameters.AddWithValue("@actor", _actor);
            _revision = (long)(await open.ExecuteScalarAsync(cancellationToken))!;
        }

        await using var insert = Command("""
            INSERT INTO history (revision, fact, kind, change, changes, sources, editorial)
            VALUES (@revision, @fact, @kind, @change, @changes, @sources, @editorial)
            """);
        insert.Parameters.AddWithValue("@kind", kind);
        insert.Parameters.AddWithValue("@revision", _revision);
        insert.Parameters.AddWithValue("@fact", fact);
        insert.Parameters.AddWithValue("@change", change.ToString());
        insert.Parameters.AddWithValue("@changes", FieldChanges.ToJson(changes));
        insert.Parameters.AddWithValue("@sources", JsonSerializer.Serialize(sources.Select(s => new[] { s.Source, s.Locator ?? "", s.Note })));
        insert.Parameters.AddWithValue("@editorial", editorial);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Set by the store: reads whole entities inside this transaction.</summary>
    public required Func<IEnumerable<string>, CancellationToken, Task<Dictionary<string, Entity>>> Load { get; init; }

    private async Task<long> ScalarLongAsync(string sql, long id, CancellationToken cancellationToken)
    {
        await using var command = Command(sql);
        command.Parameters.AddWithValue("@id", id);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task ExecuteAsync(string sql, long id, CancellationToken cancellationToken)
    {
        await using var command = Command(sql);
        command.Parameters.AddWithValue("@id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private SqliteCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
