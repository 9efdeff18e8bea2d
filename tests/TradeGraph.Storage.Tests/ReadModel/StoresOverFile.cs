using Microsoft.Data.Sqlite;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Storage.Tests.ReadModel;

/// <summary>A graph imported into a SQLite file in a folder of its own, and the read model over it, built and in service.</summary>
public abstract class StoresOverFile(GraphDocument graph) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-readmodel-").FullName;

    public static GraphModel Model { get; } = TradeModel.Define();

    public GraphDocument Graph { get; } = graph;

    public SqliteGraphStore Sqlite { get; private set; } = null!;

    public ReadModelGraphStore ReadModel { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Sqlite = new SqliteGraphStore(new SqliteStoreOptions { Path = Path.Combine(_folder, "graph.db") }, Model);
        await Sqlite.InitializeAsync(default);
        await Sqlite.ImportAsync(Graph, default);
        ReadModel = new ReadModelGraphStore(Sqlite, Model);
        await ReadModel.InitializeAsync(default);
        await ReadModel.Ready;
        Assert.True(ReadModel.IsReady, ReadModel.LoadFailure?.ToString());
    }

    public Task DisposeAsync()
    {
        ReadModel.Dispose();
        Sqlite.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
