using System.Text.Json;
using Microsoft.Data.Sqlite;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Writing;
using TradeGraph.Core.Writing.Rules;

namespace TradeGraph.Storage.Sqlite;

/// <summary>The write primitives on SQLite, for Core's <see cref="WriteRules"/>.</summary>
public sealed partial class SqliteGraphStore
{
    /// <summary>
    /// Each primitive is a statement or two on the write connection, inside its IMMEDIATE transaction; facts are found by
    /// key (unique, indexed) and citations are rows, so a save inserts or re-notes only the citations that changed.
    /// </summary>
    private sealed class SqliteWriteSession(SqliteGraphStore store, SqliteConnection connection, SqliteTransaction transaction) : IWriteSession
    {
        public async Task<IReadOnlyDictionary<string, StoredEntity>> FindEntitiesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
            (await store.LoadEntitiesAsync(connection, transaction, keys, cancellationToken))
                .ToDictionary(e => e.Key, e => new StoredEntity(store._model.Kind(e.Value.Kind), e.Value, e.Value.Sources), StringComparer.Ordinal);

        public async Task SaveEntityAsync(EntitySave save, CancellationToken cancellationToken)
        {
            var fields = save.Fields;
            var text = save.Created ? SqlWriteStatements.InsertEntity
                : save.FieldsChanged ? SqlWriteStatements.UpdateEntity
                : SqlWriteStatements.EntityId;

            await using var command = Command(text);
            command.Parameters.AddWithValue("@kind", save.Kind.Name);
            command.Parameters.AddWithValue("@key", save.Key);
            command.Parameters.AddWithValue("@name", fields.Name);
            command.Parameters.AddWithValue("@description", (object?)fields.Description ?? DBNull.Value);
            command.Parameters.AddWithValue("@aliases", JsonSerializer.Serialize(fields.Aliases));
            command.Parameters.AddWithValue("@properties", PropertyValues.ToJson(fields.Properties));
            command.Parameters.AddWithValue("@search", SqliteImport.SearchText(fields.Name, fields.Aliases));
            var id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            await CiteAsync('E', id, save.Citations.Changed, cancellationToken);
        }

        public async Task<IReadOnlyList<Relationship>> RelationshipsOfAsync(StoredEntity entity, CancellationToken cancellationToken)
        {
            await using var select = Command(SqlWriteStatements.RelationshipsOf);
            select.Parameters.AddWithValue("@key", entity.Key);
            var result = new List<Relationship>();
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var type = store._model.Relationship(reader.GetString(0));
                result.Add(new Relationship(type.Name, reader.GetString(1), reader.GetString(2),
                    PropertyValues.FromStoredJson(type.Properties, reader.GetString(3), store._model), []));
            }

            return result;
        }

        public async Task<long> CitationCountAsync(string sourceKey, CancellationToken cancellationToken)
        {
            await using var command = Command(SqlWriteStatements.CitationCount);
            command.Parameters.AddWithValue("@key", sourceKey);
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        public async Task<IReadOnlyList<CitationSite>> CitingFactsAsync(string sourceKey, CancellationToken cancellationToken)
        {
            await using var select = Command(SqlWriteStatements.CitingFacts);
            select.Parameters.AddWithValue("@id", await EntityIdAsync(sourceKey, cancellationToken));
            var result = new List<CitationSite>();
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                result.Add(new CitationSite(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetString(3)));
            }

            return result;
        }

        public async Task RemoveCitationsAsync(string sourceKey, CancellationToken cancellationToken) =>
            await ExecuteAsync(SqlWriteStatements.RemoveCitations, await EntityIdAsync(sourceKey, cancellationToken), cancellationToken);

        public async Task DeleteEntityAsync(StoredEntity entity, CancellationToken cancellationToken) =>
            // The source's passages go by trigger, the entity's vector too.
            await ExecuteAsync(SqlWriteStatements.DeleteEntity, await EntityIdAsync(entity.Key, cancellationToken), cancellationToken);

        public async Task<RelationshipState> FindRelationshipAsync(RelationshipType type, string from, string to, CancellationToken cancellationToken)
        {
            await using (var select = RelationshipCommand(SqlWriteStatements.FindRelationship, type, from, to))
            {
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    return new RelationshipState(
                        new ExistingRelationship(PropertyValues.FromStoredJson(type.Properties, reader.GetString(RelationshipColumns.Properties), store._model),
                            ReadSources(reader, RelationshipColumns.Sources)), null, null);
                }
            }

            return new RelationshipState(null,
                type.Outgoing.Cardinality == Cardinality.One ? await TakenAsync(type, "from_id", "to_id", from, cancellationToken) : null,
                type.Incoming.Cardinality == Cardinality.One ? await TakenAsync(type, "to_id", "from_id", to, cancellationToken) : null);
        }

        public async Task SaveRelationshipAsync(RelationshipSave save, CancellationToken cancellationToken)
        {
            var text = save.Created ? SqlWriteStatements.InsertRelationship
                : save.PropertiesChanged ? SqlWriteStatements.UpdateRelationship
                : SqlWriteStatements.RelationshipId;
            await using var command = RelationshipCommand(text, save.Type, save.From, save.To);
            command.Parameters.AddWithValue("@properties", PropertyValues.ToJson(save.Properties));
            var id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            await CiteAsync('R', id, save.Citations.Changed, cancellationToken);
        }

        public async Task<Relationship?> DeleteRelationshipAsync(RelationshipType type, string from, string to, CancellationToken cancellationToken)
        {
            long id;
            string properties;
            await using (var select = RelationshipCommand(SqlWriteStatements.RelationshipRow, type, from, to))
            {
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return null;
                }

                (id, properties) = (reader.GetInt64(0), reader.GetString(1));
            }

            await ExecuteAsync(SqlWriteStatements.DeleteRelationship, id, cancellationToken);
            return new Relationship(type.Name, from, to, PropertyValues.FromStoredJson(type.Properties, properties, store._model), []);
        }

        public async Task<long> OpenRevisionAsync(DateTimeOffset at, string actor, CancellationToken cancellationToken)
        {
            await using var open = Command(SqlWriteStatements.OpenRevision);
            open.Parameters.AddWithValue("@at", HistoryRecords.Time(at));
            open.Parameters.AddWithValue("@actor", actor);
            return (long)(await open.ExecuteScalarAsync(cancellationToken))!;
        }

        public async Task RecordHistoryAsync(long revision, DateTimeOffset at, string actor, IReadOnlyList<HistoryEntry> entries, CancellationToken cancellationToken)
        {
            foreach (var entry in entries)
            {
                await using var insert = Command(SqlWriteStatements.InsertHistory);
                insert.Parameters.AddWithValue("@revision", revision);
                insert.Parameters.AddWithValue("@fact", entry.Fact);
                insert.Parameters.AddWithValue("@kind", entry.Kind);
                insert.Parameters.AddWithValue("@change", entry.Change.ToString());
                insert.Parameters.AddWithValue("@changes", FieldChanges.ToJson(entry.Changes));
                insert.Parameters.AddWithValue("@sources", JsonSerializer.Serialize(entry.Sources.Select(s => new[] { s.Source, s.Locator ?? "", s.Note })));
                insert.Parameters.AddWithValue("@editorial", entry.Editorial);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        public async Task<IReadOnlyDictionary<string, Entity>> LoadEntitiesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
            await store.LoadEntitiesAsync(connection, transaction, keys, cancellationToken);

        public async Task<IReadOnlyDictionary<RelationshipKey, Relationship>> LoadRelationshipsAsync(IReadOnlyCollection<RelationshipKey> keys,
            CancellationToken cancellationToken)
        {
            var ids = new List<long>();
            await using (var select = Command(SqlWriteStatements.RelationshipIdsByKey))
            {
                select.Parameters.AddWithValue("@keys", JsonSerializer.Serialize(keys.Select(k => new[] { k.Type, k.From, k.To })));
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids.Add(reader.GetInt64(0));
                }
            }

            return (await store.LoadRelationshipsAsync(connection, transaction, ids, cancellationToken)).Values
                .ToDictionary(r => new RelationshipKey(r.Type, r.From, r.To));
        }

        /// <summary>Adds the citations not yet recorded and sets the note of those recorded with another.</summary>
        private async Task CiteAsync(char fact, long factId, IReadOnlyList<SourceReference> citations, CancellationToken cancellationToken)
        {
            foreach (var citation in citations)
            {
                await using var insert = Command(SqlWriteStatements.Cite);
                insert.Parameters.AddWithValue("@fact", fact.ToString());
                insert.Parameters.AddWithValue("@factId", factId);
                insert.Parameters.AddWithValue("@source", citation.Source);
                insert.Parameters.AddWithValue("@locator", citation.Locator ?? "");
                insert.Parameters.AddWithValue("@note", (object?)citation.Note ?? DBNull.Value);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        /// <summary>The far key of a relationship of the type the entity already holds at the end <paramref name="anchor"/> names.</summary>
        private async Task<string?> TakenAsync(RelationshipType type, string anchor, string far, string key, CancellationToken cancellationToken)
        {
            await using var command = Command(SqlWriteStatements.HeldEnd(anchor, far));
            command.Parameters.AddWithValue("@type", type.Name);
            command.Parameters.AddWithValue("@key", key);
            return await command.ExecuteScalarAsync(cancellationToken) as string;
        }

        private async Task<long> EntityIdAsync(string key, CancellationToken cancellationToken)
        {
            await using var command = Command(SqlWriteStatements.EntityId);
            command.Parameters.AddWithValue("@key", key);
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        private async Task ExecuteAsync(string sql, long id, CancellationToken cancellationToken)
        {
            await using var command = Command(sql);
            command.Parameters.AddWithValue("@id", id);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        private SqliteCommand RelationshipCommand(string sql, RelationshipType type, string from, string to)
        {
            var command = Command(sql);
            command.Parameters.AddWithValue("@type", type.Name);
            command.Parameters.AddWithValue("@from", from);
            command.Parameters.AddWithValue("@to", to);
            return command;
        }

        private SqliteCommand Command(string sql) => transaction.Command(sql);
    }
}
