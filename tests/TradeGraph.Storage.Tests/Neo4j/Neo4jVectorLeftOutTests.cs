using TradeGraph.Core.Querying;
using TradeGraph.Core.Semantic;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;
using TradeGraph.Storage.Tests.Contract;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// A read never carries an entity's vector (384 floats, ~13 KB a node as JSON): every statement that returns a whole node
/// projects it with the vector nulled, and a real Neo4j (when NEO4J_URI is set) returns no vector for a node that has one.
/// </summary>
public sealed class Neo4jVectorLeftOutTests : IDisposable
{
    private static readonly string Vector = CypherNames.Escape("embedding");

    private readonly RealNeo4j _neo4j = new();

    public static TheoryData<string> Cases => [.. CypherGoldenCases.All.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void NoGoldenStatementReturnsAWholeNodeWithItsVector(string name)
    {
        var text = CypherGoldenCases.All[name]().Text;

        AssertNoWholeNodeWithVector(text);
    }

    [Fact]
    public void TheWritersReadOfStoredNodesLeavesTheVectorOut()
    {
        var text = new WriteStatements(Neo4jFixtures.Model).FindNodes(["xi-jinping"]).Text;

        Assert.Contains($"n {{.*, {Vector}: null}} AS properties", text, StringComparison.Ordinal);
        AssertNoWholeNodeWithVector(text);
    }

    [SkippableFact]
    public async Task AWholeReadOnARealNeo4jReturnsNoVector()
    {
        Skip.If(RealNeo4j.UnavailableReason is not null, RealNeo4j.UnavailableReason);
        var store = await _neo4j.EmptyStoreAsync();
        await store.ImportAsync(Neo4jFixtures.Tiny, CancellationToken.None);
        var embedder = new WordHashEmbedder();
        Assert.True(await new EmbeddingRefresher(store, embedder).RefreshAsync(null, null, CancellationToken.None) > 0);

        var result = await _neo4j.Runner().RunAsync(new CypherReads(Neo4jFixtures.Model).GetEntities(["ada-envoy"], EntityParts.All), AccessMode.Read,
            CancellationToken.None);

        Assert.Single(result.Rows);
        var properties = (IReadOnlyDictionary<string, object?>)result.Value(0, CypherReads.Properties)!;
        Assert.Equal("Ada Envoy", properties["name"]);
        Assert.Null(properties.GetValueOrDefault("embedding"));
        Assert.Equal(embedder.ModelId, properties["embeddingModel"]);
    }

    /// <summary>No properties() of a node, and every all-properties projection nulls the vector.</summary>
    private static void AssertNoWholeNodeWithVector(string text)
    {
        Assert.DoesNotContain("properties(n)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("properties(coalesce", text, StringComparison.Ordinal);
        var projections = text.Split("{.*").Skip(1).ToList();
        Assert.All(projections, rest => Assert.StartsWith($", {Vector}: null}}", rest, StringComparison.Ordinal));
    }

    public void Dispose() => _neo4j.Dispose();
}
