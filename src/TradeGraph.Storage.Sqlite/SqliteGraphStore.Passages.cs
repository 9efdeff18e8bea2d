using System.Text.Json;
using Microsoft.Data.Sqlite;
using TradeGraph.Core.Passages;
using TradeGraph.Core.Semantic;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// A source's passages (schema version 7): the paragraphs its citations point at, searched with FTS5, embedded as subject
/// 'P'. Primitives only: the guards, grouping and saved vectors' bookkeeping are Core's <see cref="PassageRules"/>.
/// </summary>
public sealed partial class SqliteGraphStore : IPassagePrimitives
{
    Task IPassagePrimitives.KeepPassagesAsync(IReadOnlyList<Passage> passages, CancellationToken cancellationToken) => SqliteInterruption.RunAsync(async () =>
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await UpsertPassagesAsync(connection, transaction, passages, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }, cancellationToken);

    /// <summary>
    /// Keeps passages in the caller's transaction (a save, an import): a new paragraph is added, a changed text replaced in
    /// place (the trigger drops its vector), an unchanged one not touched; a passage of an unknown source is skipped.
    /// </summary>
    private static async Task UpsertPassagesAsync(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<Passage> passages,
        CancellationToken cancellationToken)
    {
        await using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = SqlSemanticStatements.UpsertPassage;
        var source = upsert.Parameters.Add("@source", SqliteType.Text);
        var paragraph = upsert.Parameters.Add("@paragraph", SqliteType.Integer);
        var text = upsert.Parameters.Add("@text", SqliteType.Text);
        foreach (var passage in passages)
        {
            (source.Value, paragraph.Value, text.Value) = (passage.SourceKey, passage.Paragraph, passage.Text);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Every passage in (source, paragraph) order, for the export.</summary>
    private async Task<IReadOnlyList<Passage>> ReadAllPassagesAsync(CancellationToken cancellationToken)
    {
        await using var lease = await RentAsync(cancellationToken);
        return await ReadPassagesAsync(lease.Command(SqlSemanticStatements.AllPassages), cancellationToken);
    }

    Task<IReadOnlyList<Passage>> IPassagePrimitives.ReadPassagesAsync(IReadOnlyCollection<string> sourceKeys, CancellationToken cancellationToken) =>
        SqliteInterruption.RunAsync(async () =>
        {
            await using var lease = await RentAsync(cancellationToken);
            var command = lease.Command(SqlSemanticStatements.PassagesOf);
            command.Parameters.AddWithValue("@keys", JsonSerializer.Serialize(sourceKeys));
            return await ReadPassagesAsync(command, cancellationToken);
        }, cancellationToken);

    Task<IReadOnlyList<Passage>> IPassagePrimitives.MatchPassagesAsync(IReadOnlyList<string> words, int limit, CancellationToken cancellationToken) =>
        SqliteInterruption.RunAsync(async () =>
        {
            await using var lease = await RentAsync(cancellationToken);
            var command = lease.Command(SqlSemanticStatements.SearchPassages);
            command.Parameters.AddWithValue("@match", FullTextQuery.AnyWord(words));
            command.Parameters.AddWithValue("@limit", limit);
            return await ReadPassagesAsync(command, cancellationToken);
        }, cancellationToken);

    Task<IReadOnlyList<Passage>> IPassagePrimitives.ReadStalePassagesAsync(string modelId, Passage? after, int limit, CancellationToken cancellationToken) =>
        SqliteInterruption.RunAsync(async () =>
        {
            await using var lease = await RentAsync(cancellationToken);
            var command = lease.Command(SqlSemanticStatements.StalePassages);
            command.Parameters.AddWithValue("@afterSource", after?.SourceKey ?? "");
            command.Parameters.AddWithValue("@afterParagraph", after?.Paragraph ?? -1);
            command.Parameters.AddWithValue("@model", modelId);
            command.Parameters.AddWithValue("@limit", limit);
            return await ReadPassagesAsync(command, cancellationToken);
        }, cancellationToken);

    public Task<long> CountStalePassagesAsync(string modelId, CancellationToken cancellationToken) =>
        CountWithoutVectorAsync(SqlSemanticStatements.CountStalePassages, modelId, cancellationToken);

    Task<IReadOnlySet<string>> IPassagePrimitives.KeepPassageVectorsAsync(string modelId, IReadOnlyList<VectorSave<Passage>> saves,
        CancellationToken cancellationToken) => SqliteInterruption.RunAsync<IReadOnlySet<string>>(async () =>
        {
            await using var connection = await OpenAsync(cancellationToken);
            // IMMEDIATE, and the text compared in the insert itself: a passage rewritten since it was listed keeps no vector.
            await using var transaction = connection.BeginTransaction(deferred: false);
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = SqlSemanticStatements.SavePassageVector;
            var (source, paragraph, text) = (insert.Parameters.Add("@source", SqliteType.Text), insert.Parameters.Add("@paragraph", SqliteType.Integer),
                insert.Parameters.Add("@text", SqliteType.Text));
            var (hash, scale, vector) = (insert.Parameters.Add("@hash", SqliteType.Integer), insert.Parameters.Add("@scale", SqliteType.Real),
                insert.Parameters.Add("@vector", SqliteType.Blob));
            insert.Parameters.AddWithValue("@model", modelId);
            var kept = new HashSet<string>(StringComparer.Ordinal);
            foreach (var save in saves)
            {
                (source.Value, paragraph.Value, text.Value) = (save.Owner.SourceKey, save.Owner.Paragraph, save.Owner.Text);
                (hash.Value, scale.Value, vector.Value) = (save.Fingerprint, (double)save.Vector.Scale, save.Vector.ToBytes());
                if (await insert.ExecuteNonQueryAsync(cancellationToken) > 0)
                {
                    kept.Add(save.Key);
                }
            }

            await transaction.CommitAsync(cancellationToken);
            return kept;
        }, cancellationToken);

    public IAsyncEnumerable<StoredEmbedding> StreamPassageEmbeddingsAsync(string modelId, CancellationToken cancellationToken) =>
        StreamEmbeddingsAsync(SqlSemanticStatements.PassageVectors, modelId, reader => (Passage.KeyOf(reader.GetString(0), reader.GetInt32(1)), PassageSearch.IndexKind), cancellationToken);

    private static async Task<IReadOnlyList<Passage>> ReadPassagesAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var passages = new List<Passage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            passages.Add(new Passage(reader.GetString(0), reader.GetInt32(1), reader.GetString(2)));
        }

        return passages;
    }
}
