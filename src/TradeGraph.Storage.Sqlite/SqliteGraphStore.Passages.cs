using System.Text.Json;
using Microsoft.Data.Sqlite;
using TradeGraph.Core.Passages;
using TradeGraph.Core.Semantic;

namespace TradeGraph.Storage.Sqlite;

/// <summary>A source's passages (schema version 7): the paragraphs its citations point at, searched with FTS5, embedded as subject 'P'.</summary>
public sealed partial class SqliteGraphStore : IPassageStore
{
    public Task SavePassagesAsync(string sourceKey, IReadOnlyList<Passage> passages, CancellationToken cancellationToken) => SqliteInterruption.RunAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(passages);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await UpsertPassagesAsync(connection, transaction, passages.Select(p => p with { SourceKey = sourceKey }), cancellationToken);
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

    public Task<IReadOnlyDictionary<string, IReadOnlyList<Passage>>> GetPassagesAsync(IReadOnlyCollection<string> sourceKeys, CancellationToken cancellationToken) =>
        SqliteInterruption.RunAsync<IReadOnlyDictionary<string, IReadOnlyList<Passage>>>(async () =>
        {
            await using var lease = await RentAsync(cancellationToken);
            var command = lease.Command(SqlSemanticStatements.PassagesOf);
            command.Parameters.AddWithValue("@keys", JsonSerializer.Serialize(sourceKeys));
            var found = await ReadPassagesAsync(command, cancellationToken);
            return found.GroupBy(p => p.SourceKey, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<Passage>)[.. g], StringComparer.Ordinal);
        }, cancellationToken);

    public Task<IReadOnlyList<Passage>> SearchPassagesAsync(IReadOnlyList<string> words, int limit, CancellationToken cancellationToken) =>
        SqliteInterruption.RunAsync<IReadOnlyList<Passage>>(async () =>
        {
            ArgumentNullException.ThrowIfNull(words);
            if (words.Count == 0 || limit <= 0)
            {
                return [];
            }

            await using var lease = await RentAsync(cancellationToken);
            var command = lease.Command(SqlSemanticStatements.SearchPassages);
            command.Parameters.AddWithValue("@match", FullTextQuery.AnyWord(words));
            command.Parameters.AddWithValue("@limit", limit);
            return await ReadPassagesAsync(command, cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<PassageTarget>> ListStalePassagesAsync(string modelId, Passage? after, int limit, CancellationToken cancellationToken) =>
        SqliteInterruption.RunAsync<IReadOnlyList<PassageTarget>>(async () =>
        {
            await using var lease = await RentAsync(cancellationToken);
            var command = lease.Command(SqlSemanticStatements.StalePassages);
            command.Parameters.AddWithValue("@afterSource", after?.SourceKey ?? "");
            command.Parameters.AddWithValue("@afterParagraph", after?.Paragraph ?? -1);
            command.Parameters.AddWithValue("@model", modelId);
            command.Parameters.AddWithValue("@limit", limit);
            return [.. (await ReadPassagesAsync(command, cancellationToken)).Select(p => new PassageTarget(p))];
        }, cancellationToken);

    public Task<long> CountStalePassagesAsync(string modelId, CancellationToken cancellationToken) =>
        CountWithoutVectorAsync(SqlSemanticStatements.CountStalePassages, modelId, cancellationToken);

    public Task<IReadOnlyList<StoredEmbedding>> SavePassageEmbeddingsAsync(string modelId,
        IReadOnlyList<(PassageTarget Target, QuantizedVector Vector)> embeddings, CancellationToken cancellationToken) =>
        SqliteInterruption.RunAsync<IReadOnlyList<StoredEmbedding>>(async () =>
        {
            ArgumentNullException.ThrowIfNull(embeddings);
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
            var stored = new List<StoredEmbedding>(embeddings.Count);
            foreach (var (target, quantized) in embeddings)
            {
                var passage = target.Passage;
                var fingerprint = EmbeddedText.Fingerprint(passage.Text);
                (source.Value, paragraph.Value, text.Value) = (passage.SourceKey, passage.Paragraph, passage.Text);
                (hash.Value, scale.Value, vector.Value) = (fingerprint, (double)quantized.Scale, quantized.ToBytes());
                if (await insert.ExecuteNonQueryAsync(cancellationToken) > 0)
                {
                    stored.Add(new StoredEmbedding(passage.Key, PassageSearch.IndexKind, fingerprint, quantized));
                }
            }

            await transaction.CommitAsync(cancellationToken);
            return stored;
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
