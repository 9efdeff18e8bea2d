using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Api.Tests.Storage;
using TradeGraph.Core.Semantic;

namespace TradeGraph.Api.Tests.Semantic;

/// <summary>
/// Semantic search is on for both stores: SQLite's vectors are scanned in memory, Neo4j's are asked of its vector index
/// (no in-memory index is kept) — so SEMANTIC on Neo4j no longer answers SEMANTIC_SEARCH_UNAVAILABLE.
/// </summary>
public sealed class SemanticRegistrationTests
{
    [Fact]
    public void OnSqliteTheSearchScansTheInMemoryIndex()
    {
        using var application = new TradeGraphApplication();

        Assert.NotNull(application.Services.GetRequiredService<EntitySearch>().Index);
    }

    [Fact]
    public async Task OnNeo4jTheSearchAsksTheStoresVectorIndexAndSemanticIsNotRefused()
    {
        await using var application = new Neo4jDownTests.Neo4jDownApplication();
        using var client = application.CreateClient();

        var search = application.Services.GetRequiredService<EntitySearch>();
        var codes = await client.ErrorCodesAsync("""{ searchEntities(text: "US treasury chief", mode: SEMANTIC, first: 3) { nodes { score } } }""");

        Assert.Null(search.Index);
        // Neo4j is down here: the search reached the store (its vector index), rather than being refused as unavailable.
        Assert.Equal(["STORE_UNAVAILABLE"], codes);
    }
}
