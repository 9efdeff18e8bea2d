using Microsoft.Data.Sqlite;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Sqlite;
using TradeGraph.Storage.Tests.Contract;

namespace TradeGraph.Storage.Tests.ReadModel;

/// <summary>
/// The whole store contract, reads and writes, on the read model over a SQLite file: every read the decorator answers
/// from memory (the model is built before each test starts, and rebuilt after each import) must be the store's.
/// </summary>
public sealed class ReadModelGraphStoreTests : GraphStoreContract
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-readmodel-").FullName;
    private readonly List<ReadModelGraphStore> _opened = [];

    protected override Task<IGraphStore> CreateStoreAsync() => OpenAsync();

    protected override Task<IGraphStore> ReopenAsync()
    {
        SqliteConnection.ClearAllPools();
        return OpenAsync();
    }

    public override Task DisposeAsync()
    {
        // Every read of the contract was answered from memory: the model was in service throughout.
        Assert.All(_opened, store => Assert.True(store.IsReady, store.LoadFailure?.ToString()));
        _opened.ForEach(store => store.Dispose());
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<IGraphStore> OpenAsync()
    {
        var store = new ReadModelGraphStore(new SqliteGraphStore(new SqliteStoreOptions { Path = Path.Combine(_folder, "graph.db") }, Model), Model);
        await store.InitializeAsync(CancellationToken.None);
        await store.Ready;
        Assert.True(store.IsReady, store.LoadFailure?.ToString());
        _opened.Add(store);
        return store;
    }
}
