using Microsoft.Data.Sqlite;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Synthetic;
using TradeGraph.Storage.Sqlite;
using TradeGraph.Storage.Tests.Contract;

namespace TradeGraph.Storage.Tests.Sqlite;

/// <summary>The contract on the embedded store, in a real file, plus what is particular to SQLite.</summary>
public sealed class SqliteGraphStoreTests : GraphStoreContract
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-store-").FullName;

    private string DatabasePath => Path.Combine(_folder, "graph.db");

    protected override async Task<IGraphStore> CreateStoreAsync() => await OpenAsync();

    protected override async Task<IGraphStore> ReopenAsync()
    {
        SqliteConnection.ClearAllPools();
        return await OpenAsync();
    }

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task UsesWriteAheadLoggingAndRecordsTheSchemaVersion()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();

        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
        Assert.Equal((long)SqliteSchema.CurrentVersion, await ScalarAsync(connection, "PRAGMA user_version"));
        Assert.Equal(SqliteSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            await ScalarAsync(connection, "SELECT value FROM meta WHERE key = 'schema_version'"));
    }

    [Fact]
    public async Task IndexesEveryIndexedPropertyOfTheModel()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        var expected = Model.Kinds.SelectMany(k => k.Properties.Where(p => p.Indexed).Select(p => $"ix_{k.Name}_{p.Name}")).ToList();

        var indexes = new List<string>();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index'";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            indexes.Add(reader.GetString(0));
        }

        Assert.NotEmpty(expected);
        Assert.All(expected, name => Assert.Contains(name, indexes));
    }

    [Fact]
    public async Task InitializingAgainIsHarmless()
    {
        var store = await ReopenAsync();

        await store.InitializeAsync(CancellationToken.None);
        var statistics = await store.GetStatisticsAsync(CancellationToken.None);

        Assert.Equal(SeedDocument.Entities.Count, statistics.EntityCount);
    }

    [Fact]
    public async Task SaysWhetherItIsEmptyAsItsStatisticsDoWithoutCountingThem()
    {
        using var empty = new SqliteGraphStore(new SqliteStoreOptions { Path = Path.Combine(_folder, "empty.db") }, Model);
        await empty.InitializeAsync(CancellationToken.None);
        var seeded = await ReopenAsync();

        Assert.True(await empty.IsEmptyAsync(CancellationToken.None));
        Assert.Equal(0, (await empty.GetStatisticsAsync(CancellationToken.None)).EntityCount);
        Assert.False(await seeded.IsEmptyAsync(CancellationToken.None));
        // A store that does not answer it itself answers from its statistics (the interface's default), the same way.
        Assert.True(await ((IGraphStore)new ReadModel.RecordingStore(empty)).IsEmptyAsync(CancellationToken.None));
        Assert.False(await ((IGraphStore)new ReadModel.RecordingStore(seeded)).IsEmptyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RefusesADatabaseFromANewerRelease()
    {
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath}"))
        {
            await connection.OpenAsync();
            await ScalarAsync(connection, $"PRAGMA user_version = {SqliteSchema.CurrentVersion + 1}");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(ReopenAsync);

        Assert.Contains("newer TradeGraph", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStoreFromBeforeInferredCitationsOpensWithItsDataAndItsCitationsStated()
    {
        var before = await (await ReopenAsync()).GetStatisticsAsync(CancellationToken.None);
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath}"))
        {
            // A version-3 file: the citations table has no note column (and there is no embeddings table, version 5's, nor
            // version 7's passages).
            await connection.OpenAsync();
            await ScalarAsync(connection, "ALTER TABLE citations DROP COLUMN note");
            await ScalarAsync(connection, "DROP TRIGGER entities_passages_delete; DROP TABLE passage_search; DROP TABLE passages");
            await ScalarAsync(connection, "DROP TRIGGER entities_embedding_stale; DROP TRIGGER entities_embedding_delete; DROP TABLE embeddings");
            await ScalarAsync(connection, "PRAGMA user_version = 3");
        }

        var store = await ReopenAsync();
        var malaysia = (await store.GetEntitiesAsync(["malaysia"], CancellationToken.None))["malaysia"];

        var after = await store.GetStatisticsAsync(CancellationToken.None);
        Assert.Equal((before.EntityCount, before.RelationshipCount), (after.EntityCount, after.RelationshipCount));
        Assert.Equal(SeedDocument.Entities.Single(e => e.Key == "malaysia").Sources.Count, malaysia.Sources.Count);
        Assert.All(malaysia.Sources, s => Assert.Equal((false, null), (s.Inferred, s.Note)));
        await using var check = new SqliteConnection($"Data Source={DatabasePath}");
        await check.OpenAsync();
        Assert.Equal((long)SqliteSchema.CurrentVersion, await ScalarAsync(check, "PRAGMA user_version"));
    }

    [Fact]
    public async Task AStoreWhoseSearchIndexReadTheAliasesJsonFindsAnAliasByItsSpellingOnceOpened()
    {
        var store = await ReopenAsync();
        await store.ImportAsync(new GraphDocument(
            [Neo4j.Neo4jFixtures.Entity("Official", "maria-f", "Maria F", ["Fernández"], null, new(), ("report-2025-10-23-us-china-kl-talks", "¶1"))], []), CancellationToken.None);
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath}"))
        {
            // A version-7 file: its search index holds the aliases' JSON text, escapes and all.
            await connection.OpenAsync();
            await ScalarAsync(connection, "UPDATE entity_search SET aliases = (SELECT aliases FROM entities WHERE id = entity_search.rowid)");
            await ScalarAsync(connection, "PRAGMA user_version = 7");
        }

        var reopened = await ReopenAsync();
        var found = await reopened.SearchRankedAsync(new SearchQuery("Fernández", new PageRequest(First: 5)), CancellationToken.None);
        var escape = await reopened.SearchRankedAsync(new SearchQuery("u00e1ndez", new PageRequest(First: 5)), CancellationToken.None);

        Assert.Equal(["maria-f"], found.Items.Select(i => i.Value.Entity.Key));
        Assert.Empty(escape.Items);
    }

    [Fact]
    public async Task ALargeImportBuildsTheIndexesItDeferredAndCountsEveryFact()
    {
        // 10,000 relationships and their entities: over the size from which the import defers secondary indexes.
        var document = ScaleGenerator.Generate(10_000, seed: 5);
        var store = await ReopenAsync();
        var before = await IndexesAsync();
        var seeded = (await store.GetStatisticsAsync(CancellationToken.None)).RelationshipsByType.GetValueOrDefault("PARTICIPATES_IN");

        var result = await store.ImportAsync(document, CancellationToken.None);
        var again = await store.ImportAsync(document, CancellationToken.None);

        Assert.Equal(new ImportResult(document.Entities.Count + document.Relationships.Count, 0, 0), result);
        Assert.Equal(new ImportResult(0, 0, document.Entities.Count + document.Relationships.Count), again);
        Assert.Equal(before, await IndexesAsync());
        Assert.Contains(before, i => i.StartsWith("ix_relationships_to", StringComparison.Ordinal));
        var statistics = await store.GetStatisticsAsync(CancellationToken.None);
        Assert.Equal(seeded + document.Relationships.Count(r => r.Type == "PARTICIPATES_IN"), statistics.RelationshipsByType["PARTICIPATES_IN"]);
    }

    [Fact]
    public async Task ALargeImportThatIsRefusedChangesNothingAndKeepsEveryIndex()
    {
        var generated = ScaleGenerator.Generate(10_000, seed: 6);
        // A second country for official-1: refused at the end, after the load, by the single-valued REPRESENTS end.
        var represents = generated.Relationships.First(r => r.Type == "REPRESENTS" && r.From == "official-1");
        var other = generated.Entities.First(e => e.Kind == "Country" && e.Key != represents.To).Key;
        var document = new GraphDocument(generated.Entities, [.. generated.Relationships, represents with { To = other }]);
        var store = await ReopenAsync();
        var before = await IndexesAsync();
        var statistics = await store.GetStatisticsAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.ImportAsync(document, CancellationToken.None));

        Assert.Contains("official-1", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await IndexesAsync());
        var after = await store.GetStatisticsAsync(CancellationToken.None);
        Assert.Equal(statistics.EntitiesByKind.OrderBy(p => p.Key), after.EntitiesByKind.OrderBy(p => p.Key));
        Assert.Equal(statistics.RelationshipsByType.OrderBy(p => p.Key), after.RelationshipsByType.OrderBy(p => p.Key));
    }

    /// <summary>Every index of the database, name and definition.</summary>
    private async Task<List<string>> IndexesAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name || ': ' || coalesce(sql, '') FROM sqlite_master WHERE type = 'index' ORDER BY name";
        var indexes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            indexes.Add(reader.GetString(0));
        }

        return indexes;
    }

    private async Task<IGraphStore> OpenAsync()
    {
        var store = new SqliteGraphStore(new SqliteStoreOptions { Path = DatabasePath }, Model);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
