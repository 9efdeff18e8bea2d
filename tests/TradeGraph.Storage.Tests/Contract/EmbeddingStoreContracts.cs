using TradeGraph.Core.Semantic;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Tests.Neo4j;

namespace TradeGraph.Storage.Tests.Contract;

/// <summary>The semantic contract on SQLite in a real file, nearest vectors from the in-memory index.</summary>
public sealed class SqliteEmbeddingContractTests : EmbeddingStoreContract
{
    private readonly SqliteContractFiles _files = new("embedding");

    protected override Task<IGraphStore> CreateStoreAsync() => _files.CreateAsync();

    protected override IVectorSearch VectorsFor(IGraphStore store, ITextEmbedder embedder) => new VectorIndex(embedder.Dimensions);

    public override Task DisposeAsync()
    {
        _files.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The semantic contract on Neo4j's statements acted out by the fake, nearest vectors from the (fake) vector index.</summary>
public sealed class Neo4jFakeEmbeddingContractTests : EmbeddingStoreContract
{
    protected override Task<IGraphStore> CreateStoreAsync() => FakeNeo4jStores.CreateAsync();

    protected override IVectorSearch VectorsFor(IGraphStore store, ITextEmbedder embedder) =>
        new StoreVectorSearch((IVectorIndexStore)store, embedder.ModelId);
}

/// <summary>The semantic contract on a real Neo4j when NEO4J_URI is set (the database is emptied first); skipped, saying so, otherwise.</summary>
public sealed class Neo4jEmbeddingContractTests : EmbeddingStoreContract, IDisposable
{
    private readonly RealNeo4j _neo4j = new();

    protected override string? UnavailableReason => RealNeo4j.UnavailableReason;

    protected override async Task<IGraphStore> CreateStoreAsync() => await _neo4j.EmptyStoreAsync();

    protected override IVectorSearch VectorsFor(IGraphStore store, ITextEmbedder embedder) =>
        new StoreVectorSearch((IVectorIndexStore)store, embedder.ModelId);

    public void Dispose() => _neo4j.Dispose();
}
