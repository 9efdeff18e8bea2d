using Microsoft.Data.Sqlite;
using TradeGraph.Core.Model;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Storage.Tests.Sqlite;

/// <summary>A SQLite store in a real file in a folder of its own, opened and initialized; disposing closes it and removes the folder.</summary>
internal sealed class TempSqliteStore : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-store-").FullName;
    private SqliteGraphStore? _store;

    public async Task<SqliteGraphStore> OpenAsync(GraphModel model)
    {
        _store = new SqliteGraphStore(new SqliteStoreOptions { Path = Path.Combine(_folder, "graph.db") }, model);
        await _store.InitializeAsync(CancellationToken.None);
        return _store;
    }

    public void Dispose()
    {
        _store?.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
