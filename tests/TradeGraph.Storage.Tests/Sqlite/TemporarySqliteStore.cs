using Microsoft.Data.Sqlite;
using TradeGraph.Core.Model;
using TradeGraph.Core.Synthetic;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Storage.Tests.Sqlite;

/// <summary>A SQLite store holding a generated graph, in its own temporary folder that goes with it.</summary>
internal sealed class TemporarySqliteStore : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-store-").FullName;

    private TemporarySqliteStore() => Store = new SqliteGraphStore(new SqliteStoreOptions { Path = Path.Combine(_folder, "graph.db") }, TradeModel.Define());

    public SqliteGraphStore Store { get; }

    public static async Task<TemporarySqliteStore> GeneratedAsync(int relationships, long seed)
    {
        var temporary = new TemporarySqliteStore();
        await temporary.Store.InitializeAsync(default);
        await temporary.Store.ImportAsync(ScaleGenerator.Generate(relationships, seed, default), default);
        return temporary;
    }

    public ValueTask DisposeAsync()
    {
        Store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
