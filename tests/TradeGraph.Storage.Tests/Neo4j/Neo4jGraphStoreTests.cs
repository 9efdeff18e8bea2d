using TradeGraph.Core.Storage;
using TradeGraph.Storage.Neo4j;
using TradeGraph.Storage.Tests.Contract;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// The same store contract on a real Neo4j, when NEO4J_URI (and NEO4J_USERNAME / NEO4J_PASSWORD) name one. The suite
/// empties that database before each test: point it at a throwaway one. Without NEO4J_URI every test is skipped, saying so.
/// </summary>
public sealed class Neo4jGraphStoreTests : GraphStoreContract, IDisposable
{
    private readonly RealNeo4j _neo4j = new();

    protected override string? UnavailableReason => RealNeo4j.UnavailableReason;

    protected override async Task<IGraphStore> CreateStoreAsync() => await _neo4j.EmptyStoreAsync();

    /// <summary>A new client and store: nothing cached from before, as a fresh process would see it.</summary>
    protected override Task<IGraphStore> ReopenAsync() => Task.FromResult<IGraphStore>(new Neo4jGraphStore(_neo4j.Runner(), Model));

    public void Dispose() => _neo4j.Dispose();
}
