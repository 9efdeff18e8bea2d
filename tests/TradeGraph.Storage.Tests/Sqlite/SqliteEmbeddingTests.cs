using Microsoft.Data.Sqlite;
using TradeGraph.Core.Model;
using TradeGraph.Core.Semantic;
using TradeGraph.Core.Synthetic;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Storage.Tests.Sqlite;

/// <summary>Entity vectors in SQLite: filled by a refresh, dropped in the same transaction as any change to their text.</summary>
public sealed class SqliteEmbeddingTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-embeddings-").FullName;
    private readonly WordCountEmbedder _embedder = new();
    private SqliteGraphStore _store = null!;
    private int _entities;

    private string DatabasePath => Path.Combine(_folder, "graph.db");

    public async Task InitializeAsync()
    {
        _store = new SqliteGraphStore(new SqliteStoreOptions { Path = DatabasePath }, TradeModel.Define());
        await _store.InitializeAsync(default);
        var graph = ScaleGenerator.Generate(1000, 3, default);
        _entities = graph.Entities.Count;
        await _store.ImportAsync(graph, default);
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ARefreshEmbedsEveryEntityOnceAndTheIndexGetsThem()
    {
        var index = new VectorIndex(_embedder.Dimensions);

        var stored = await new EmbeddingRefresher(_store, _embedder, batchSize: 50).RefreshAsync(index, null, default);
        var again = await new EmbeddingRefresher(_store, _embedder, batchSize: 50).RefreshAsync(index, null, default);

        Assert.Equal(_entities, stored);
        Assert.Equal(0, again);
        Assert.Equal(_entities, index.Count);
        Assert.Equal(0, await _store.CountStaleEntitiesAsync(_embedder.ModelId, default));
        Assert.Equal(_entities, await CountAsync(_store.StreamEntityEmbeddingsAsync(_embedder.ModelId, default)));
        // Another model's vectors: none yet, so every entity is stale for it.
        Assert.Equal(_entities, await _store.CountStaleEntitiesAsync("another-model", default));
    }

    [Fact]
    public async Task AChangeToTheEmbeddedTextDropsTheVectorAndAnyOtherChangeKeepsIt()
    {
        await new EmbeddingRefresher(_store, _embedder).RefreshAsync(null, null, default);
        var (changed, untouched) = await TwoKeysAsync();

        await ExecuteAsync("UPDATE entities SET description = 'a new description' WHERE key = @key", changed);
        await ExecuteAsync("UPDATE entities SET properties = properties WHERE key = @key", untouched);
        await ExecuteAsync("UPDATE entities SET name = name WHERE key = @key", untouched);

        var stale = await ((IEmbeddingStore)_store).ListStaleEntitiesAsync(_embedder.ModelId, null, 10, default);
        Assert.Equal([changed], stale.Select(t => t.Entity.Key));
        Assert.Contains("a new description", stale[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(await ToListAsync(_store.StreamEntityEmbeddingsAsync(_embedder.ModelId, default)), e => e.Key == changed);

        await ExecuteAsync("DELETE FROM citations WHERE fact = 'E' AND fact_id = (SELECT id FROM entities WHERE key = @key)", untouched);
        await ExecuteAsync("DELETE FROM relationships WHERE from_id = (SELECT id FROM entities WHERE key = @key) OR to_id = (SELECT id FROM entities WHERE key = @key)", untouched);
        await ExecuteAsync("DELETE FROM entities WHERE key = @key", untouched);
        Assert.Equal(_entities - 2, await CountAsync(_store.StreamEntityEmbeddingsAsync(_embedder.ModelId, default)));
    }

    [Fact]
    public async Task AVectorOfTextChangedSinceItWasListedIsNotStored()
    {
        var listed = await ((IEmbeddingStore)_store).ListStaleEntitiesAsync(_embedder.ModelId, null, 2, default);
        await ExecuteAsync("UPDATE entities SET name = 'Renamed meanwhile' WHERE key = @key", listed[0].Entity.Key);
        var vectors = await _embedder.EmbedAsync([.. listed.Select(t => t.Text)], default);

        var stored = await ((IEmbeddingStore)_store).SaveEntityEmbeddingsAsync(_embedder.ModelId, [.. listed.Select((t, i) => (t, QuantizedVector.From(vectors[i])))], default);

        Assert.Equal([listed[1].Entity.Key], stored.Select(s => s.Key));
        Assert.Equal(EmbeddedText.Fingerprint(listed[1].Text), stored[0].Fingerprint);
        Assert.Equal(listed[0].Entity.Key, (await ((IEmbeddingStore)_store).ListStaleEntitiesAsync(_embedder.ModelId, null, 1, default))[0].Entity.Key);
    }

    private async Task<(string Changed, string Untouched)> TwoKeysAsync()
    {
        var two = await ((IEmbeddingStore)_store).ListStaleEntitiesAsync("another-model", null, 2, default);
        return (two[0].Entity.Key, two[1].Entity.Key);
    }

    private async Task ExecuteAsync(string sql, string key)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@key", key);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<int> CountAsync<T>(IAsyncEnumerable<T> items) => (await ToListAsync(items)).Count;

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>A deterministic stand-in: the text's length and word count, normalised. Enough to store and compare.</summary>
    private sealed class WordCountEmbedder : ITextEmbedder
    {
        public string ModelId => "word-count";

        public int Dimensions => 4;

        public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
            Task.FromResult(texts.Select(t =>
            {
                float[] v = [t.Length, t.Count(c => c == ' ') + 1, 1, t.Length % 7];
                var norm = MathF.Sqrt(v.Sum(x => x * x));
                return v.Select(x => x / norm).ToArray();
            }).ToArray());
    }
}
