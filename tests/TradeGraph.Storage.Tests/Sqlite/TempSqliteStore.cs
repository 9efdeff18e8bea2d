using Microsoft.Data.Sqlite;
using TradeGraph.Core.Model;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Storage.Tests.Sqlite;

/// <summary>
/// SQLite stores in real files in a folder of its own, opened and initialized: each open is a new, empty file (a round
/// trip imports into a store of its own); disposing closes them all and removes the folder.
/// </summary>
internal sealed class TempSqliteStore : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-store-").FullName;
    private readonly List<SqliteGraphStore> _stores = [];

    public async Task<SqliteGraphStore> OpenAsync(GraphModel model, TimeProvider? clock = null)
    {
        var store = new SqliteGraphStore(new SqliteStoreOptions { Path = Path.Combine(_folder, $"graph{_stores.Count}.db") }, model)
        {
            Clock = clock ?? TimeProvider.System,
        };
        _stores.Add(store);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    public void Dispose()
    {
        _stores.ForEach(s => s.Dispose());
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
