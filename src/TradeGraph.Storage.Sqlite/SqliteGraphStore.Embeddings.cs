using System.Runtime.CompilerServices;
using TradeGraph.Core.Graph;
using Microsoft.Data.Sqlite;
using TradeGraph.Core.Semantic;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// Entity vectors for semantic search, in the embeddings table (schema version 5) beside the entities. Primitives only:
/// the saved vectors' bookkeeping is Core's <see cref="EmbeddingRules"/>.
/// </summary>
public sealed partial class SqliteGraphStore : IEmbeddingPrimitives
{
    Task<IReadOnlyList<Entity>> IEmbeddingPrimitives.ReadStaleEntitiesAsync(string modelId, string? afterKey, int limit, CancellationToken cancellationToken) =>
        SqliteInterruption.RunAsync<IReadOnlyList<Entity>>(async () =>
        {
            await using var lease = await RentAsync(cancellationToken);
            var command = lease.Command(SqlSemanticStatements.StaleEntities);
            command.Parameters.AddWithValue("@after", afterKey ?? "");
            command.Parameters.AddWithValue("@model", modelId);
            command.Parameters.AddWithValue("@limit", limit);
            var entities = new List<Entity>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                entities.Add(ReadEntity(reader, 0, SqlSemanticStatements.EmbeddedParts));
            }

            return entities;
        }, cancellationToken);

    public Task<long> CountStaleEntitiesAsync(string modelId, CancellationToken cancellationToken) =>
        CountWithoutVectorAsync(SqlSemanticStatements.CountStaleEntities, modelId, cancellationToken);

    /// <summary>Runs a count of rows without a vector of the model (<see cref="SqlSemanticStatements.CountStaleEntities"/>, ...Passages).</summary>
    private Task<long> CountWithoutVectorAsync(string sql, string modelId, CancellationToken cancellationToken) => SqliteInterruption.RunAsync(async () =>
    {
        await using var lease = await RentAsync(cancellationToken);
        var command = lease.Command(sql);
        command.Parameters.AddWithValue("@model", modelId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }, cancellationToken);

    Task<IReadOnlySet<string>> IEmbeddingPrimitives.KeepEntityVectorsAsync(string modelId, IReadOnlyList<VectorSave<Entity>> saves,
        CancellationToken cancellationToken) => SqliteInterruption.RunAsync<IReadOnlySet<string>>(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken);
            // IMMEDIATE: no write lands between the check of an entity's text and the insert of its vector.
            await using var transaction = connection.BeginTransaction(deferred: false);
            var current = await LoadEntitiesAsync(connection, transaction, saves.Select(s => s.Key), cancellationToken);
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = SqlSemanticStatements.SaveEntityVector;
            var key = insert.Parameters.Add("@key", SqliteType.Text);
            var hash = insert.Parameters.Add("@hash", SqliteType.Integer);
            var scale = insert.Parameters.Add("@scale", SqliteType.Real);
            var vector = insert.Parameters.Add("@vector", SqliteType.Blob);
            insert.Parameters.AddWithValue("@model", modelId);
            var kept = new HashSet<string>(StringComparer.Ordinal);
            foreach (var save in saves)
            {
                // A write since the target was listed changed the text: the vector would be of old text, so it waits.
                if (!current.TryGetValue(save.Key, out var entity) || EmbeddedText.Of(entity) != save.Text)
                {
                    continue;
                }

                (key.Value, hash.Value, scale.Value, vector.Value) = (entity.Key, save.Fingerprint, (double)save.Vector.Scale, save.Vector.ToBytes());
                await insert.ExecuteNonQueryAsync(cancellationToken);
                kept.Add(save.Key);
            }

            await transaction.CommitAsync(cancellationToken);
            return kept;
        }, cancellationToken);

    public IAsyncEnumerable<StoredEmbedding> StreamEntityEmbeddingsAsync(string modelId, CancellationToken cancellationToken) =>
        StreamEmbeddingsAsync(SqlSemanticStatements.EntityVectors, modelId, reader => (reader.GetString(0), reader.GetString(1)), cancellationToken);

    /// <summary>
    /// Stored vectors of one model as a statement reads them: its first two columns name the owner (read by
    /// <paramref name="ownerOf"/>), then the text's fingerprint, the scale and the vector.
    /// </summary>
    private async IAsyncEnumerable<StoredEmbedding> StreamEmbeddingsAsync(string sql, string modelId, Func<SqliteDataReader, (string Key, string Kind)> ownerOf,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@model", modelId);
        await using var reader = await SqliteInterruption.RunAsync(() => command.ExecuteReaderAsync(cancellationToken), cancellationToken);
        while (SqliteInterruption.Read(reader, cancellationToken))
        {
            var (key, kind) = ownerOf(reader);
            yield return new StoredEmbedding(key, kind, reader.GetInt64(SqlSemanticStatements.VectorColumns.Fingerprint),
                QuantizedVector.FromBytes((byte[])reader.GetValue(SqlSemanticStatements.VectorColumns.Vector), (float)reader.GetDouble(SqlSemanticStatements.VectorColumns.Scale)));
        }
    }
}
