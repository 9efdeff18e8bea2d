using Microsoft.Data.Sqlite;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Storage.Tests.ReadModel;

/// <summary>A graph imported into a SQLite file in a folder of its own, and the read model over it, built and in service.</summary>
internal sealed class StoresOverFile : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-readmodel-").FullName;

    private StoresOverFile(GraphModel model)
    {
        Sqlite = new SqliteGraphStore(new SqliteStoreOptions { Path = Path.Combine(_folder, "graph.db") }, model);
        ReadModel = new ReadModelGraphStore(Sqlite, model);
    }

    public SqliteGraphStore Sqlite { get; }

    public ReadModelGraphStore ReadModel { get; }

    public static async Task<StoresOverFile> OpenAsync(GraphDocument graph, GraphModel model)
    {
        var stores = new StoresOverFile(model);
        await stores.Sqlite.InitializeAsync(default);
        await stores.Sqlite.ImportAsync(graph, default);
        await stores.ReadModel.InitializeAsync(default);
        await stores.ReadModel.Ready;
        Assert.True(stores.ReadModel.IsReady, stores.ReadModel.LoadFailure?.ToString());
        return stores;
    }

    public void Dispose()
    {
        ReadModel.Dispose();
        Sqlite.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
