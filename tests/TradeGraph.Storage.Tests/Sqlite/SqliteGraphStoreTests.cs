using Microsoft.Data.Sqlite;
using TradeGraph.Core.Storage;
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
