using TradeGraph.Core.Passages;
using TradeGraph.Core.Semantic;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Tests.Neo4j;
using TradeGraph.Storage.Tests.Sqlite;

namespace TradeGraph.Storage.Tests.Contract;

/// <summary>The passage contract on SQLite in a real file, nearest passages from an in-memory index.</summary>
public sealed class SqlitePassageContractTests : PassageStoreContract
{
    private readonly TempSqliteStore _sqlite = new();

    protected override async Task<IGraphStore> CreateStoreAsync() => await _sqlite.OpenAsync(Model);

    protected override IVectorSearch VectorsFor(IGraphStore store, ITextEmbedder embedder) => new VectorIndex(embedder.Dimensions);

    public override Task DisposeAsync()
    {
        _sqlite.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The passage contract on Neo4j's statements acted out by the fake, nearest passages from the (fake) vector index.</summary>
public sealed class Neo4jFakePassageContractTests : PassageStoreContract
{
    protected override async Task<IGraphStore> CreateStoreAsync() => await Neo4jFixtures.EmptyStoreAsync();

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
