using Microsoft.Data.Sqlite;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Sqlite;
using TradeGraph.Storage.Tests.Neo4j;

namespace TradeGraph.Storage.Tests.Contract;

/// <summary>SQLite stores for a contract run, each in a file of its own in one temporary folder deleted with this.</summary>
internal sealed class SqliteContractFiles(string purpose) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory($"tradegraph-{purpose}-contract-").FullName;
    private readonly List<SqliteGraphStore> _stores = [];

    /// <summary>A new, initialized store in a new file: a round trip imports into a store of its own.</summary>
    public async Task<IGraphStore> CreateAsync()
    {
        var store = new SqliteGraphStore(new SqliteStoreOptions { Path = Path.Combine(_folder, $"graph{_stores.Count}.db") }, Neo4jFixtures.Model);
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

/// <summary>A Neo4j store on a new fake, initialized, at the fixtures' fixed time.</summary>
internal static class FakeNeo4jStores
{
    public static async Task<IGraphStore> CreateAsync()
    {
        var store = Neo4jFixtures.Store(new FakeNeo4j(Neo4jFixtures.Model));
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }
}
