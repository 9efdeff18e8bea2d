using Microsoft.Data.Sqlite;
using TradeGraph.Core.Passages;
using TradeGraph.Core.Semantic;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Sqlite;
using TradeGraph.Storage.Tests.Neo4j;

namespace TradeGraph.Storage.Tests.Contract;

/// <summary>The passage contract on SQLite in a real file, nearest passages from an in-memory index.</summary>
public sealed class SqlitePassageContractTests : PassageStoreContract
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-passage-contract-").FullName;
    private readonly List<SqliteGraphStore> _stores = [];

    /// <summary>A new file each time: a round trip imports into a store of its own.</summary>
    protected override async Task<IGraphStore> CreateStoreAsync()
    {
        var store = new SqliteGraphStore(new SqliteStoreOptions { Path = Path.Combine(_folder, $"graph{_stores.Count}.db") }, Model);
        _stores.Add(store);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    protected override IVectorSearch VectorsFor(IGraphStore store, ITextEmbedder embedder) => new VectorIndex(embedder.Dimensions);

    public override Task DisposeAsync()
    {
        _stores.ForEach(s => s.Dispose());
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>The passage contract on Neo4j's statements acted out by the fake, nearest passages from the (fake) vector index.</summary>
public sealed class Neo4jFakePassageContractTests : PassageStoreContract
{
    protected override async Task<IGraphStore> CreateStoreAsync()
    {
        var store = Neo4jFixtures.Store(new FakeNeo4j(Neo4jFixtures.Model));
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    protected override IVectorSearch VectorsFor(IGraphStore store, ITextEmbedder embedder) =>
        new StorePassageVectorSearch((IPassageVectorIndexStore)store, embedder.ModelId);
}

/// <summary>The passage contract on a real Neo4j when NEO4J_URI is set (the database is emptied first); skipped, saying so, otherwise.</summary>
public sealed class Neo4jPassageContractTests : PassageStoreContract, IDisposable
{
    private readonly RealNeo4j _neo4j = new();

    protected override string? UnavailableReason => RealNeo4j.UnavailableReason;

    protected override async Task<IGraphStore> CreateStoreAsync() => await _neo4j.EmptyStoreAsync();

    protected override IVectorSearch VectorsFor(IGraphStore store, ITextEmbedder embedder) =>
        new StorePassageVectorSearch((IPassageVectorIndexStore)store, embedder.ModelId);

    public void Dispose() => _neo4j.Dispose();
}
