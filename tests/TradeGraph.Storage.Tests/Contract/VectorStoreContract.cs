using TradeGraph.Core.Model;
using TradeGraph.Core.Semantic;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Tests.Neo4j;
using TradeGraph.Storage.Tests.Sqlite;

namespace TradeGraph.Storage.Tests.Contract;

/// <summary>Where a vector contract runs: how to make an empty store, and whether the store searches its vectors itself.</summary>
public interface IVectorContractBackend : IDisposable
{
    /// <summary>Why this backend cannot run here; null when it can.</summary>
    string? UnavailableReason { get; }

    /// <summary>Whether the store keeps a vector index of its own (Neo4j); otherwise the in-memory index searches.</summary>
    bool IndexesVectors { get; }

    /// <summary>A new, empty, initialized store.</summary>
    Task<IGraphStore> CreateStoreAsync();
}

/// <summary>SQLite in real files; nearest vectors from the in-memory index.</summary>
public sealed class SqliteContractBackend : IVectorContractBackend
{
    private readonly TempSqliteStore _sqlite = new();

    public string? UnavailableReason => null;

    public bool IndexesVectors => false;

    public async Task<IGraphStore> CreateStoreAsync() => await _sqlite.OpenAsync(VectorStoreContract.Model);

    public void Dispose() => _sqlite.Dispose();
}

/// <summary>Neo4j's statements acted out by the fake, with its (fake) vector indexes.</summary>
public sealed class FakeNeo4jContractBackend : IVectorContractBackend
{
    public string? UnavailableReason => null;

    public bool IndexesVectors => true;

    public async Task<IGraphStore> CreateStoreAsync() => await Neo4jFixtures.EmptyStoreAsync();

    public void Dispose()
    {
    }
}

/// <summary>A real Neo4j when NEO4J_URI is set (the database is emptied first); skipped, saying so, otherwise.</summary>
public sealed class RealNeo4jContractBackend : IVectorContractBackend
{
    private readonly RealNeo4j _neo4j = new();

    public string? UnavailableReason => RealNeo4j.UnavailableReason;

    public bool IndexesVectors => true;

    public async Task<IGraphStore> CreateStoreAsync() => await _neo4j.EmptyStoreAsync();

    public void Dispose() => _neo4j.Dispose();
}

/// <summary>
/// What the embedding and passage contracts share: a store per backend with the tiny document imported, the hashing
/// embedder, and the nearest vectors from the in-memory index or the store's own.
/// </summary>
public abstract class VectorStoreContract : IAsyncLifetime
{
    public static readonly GraphModel Model = TradeModel.Define();

    private readonly IVectorContractBackend _backend;

    protected VectorStoreContract(IVectorContractBackend backend) => _backend = backend;

    protected ITextEmbedder Embedder { get; } = new WordHashEmbedder();

    protected IGraphStore Store { get; set; } = null!;

    protected IVectorSearch Vectors { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (_backend.UnavailableReason is not null)
        {
            return;
        }

        Store = await CreateStoreAsync();
        await Store.ImportAsync(Neo4jFixtures.Tiny, CancellationToken.None);
        Vectors = _backend.IndexesVectors ? StoreVectors(Store, Embedder) : new VectorIndex(Embedder.Dimensions);
        await SeedAsync();
    }

    public Task DisposeAsync()
    {
        _backend.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A new, empty, initialized store of the backend.</summary>
    protected Task<IGraphStore> CreateStoreAsync() => _backend.CreateStoreAsync();

    /// <summary>The nearest vectors from a store that indexes them itself.</summary>
    protected abstract IVectorSearch StoreVectors(IGraphStore store, ITextEmbedder embedder);

    /// <summary>What the contract adds after the tiny document.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    protected void SkipUnlessAvailable() => Skip.If(_backend.UnavailableReason is not null, _backend.UnavailableReason);
}
