using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Semantic;

/// <summary>
/// The plumbing of SEMANTIC and HYBRID search and similarEntities(by: EMBEDDING) on the shared seeded application, whose
/// embedder hashes words (deterministic, no meaning; quality is SearchQualityTests' part).
/// </summary>
[Collection(ApplicationCollection.Name)]
public sealed class SemanticSearchTests(TradeGraphApplication application)
{
    private const string Search = """
        query ($text: String!, $mode: SearchMode, $kinds: [EntityKindName!], $first: Int, $after: String) {
          searchEntities(text: $text, mode: $mode, kinds: $kinds, first: $first, after: $after) {
            totalCount
            nodes { score matchedBy textRank semanticRank node { key __typename } }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;

    private readonly HttpClient _client = application.CreateClient();

    [Fact]
    public async Task HybridSaysWhichSignalsFoundEachHitAndRanksByFusedScore()
    {
        await application.Services.GetRequiredService<TradeGraph.Api.Semantic.EmbeddingMaintenance>().Backfilled.WaitAsync(TimeSpan.FromMinutes(1));

        var nodes = (await _client.QueryAsync(Search, new { text = "Treasury Secretary", mode = "HYBRID", first = 50 }))["searchEntities"]!["nodes"]!.AsArray();

        var top = nodes[0]!;
        Assert.Equal("scott-bessent", top["node"]!["key"]!.GetValue<string>());
        Assert.Equal(["TEXT", "SEMANTIC"], top["matchedBy"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(1.0 / (60 + top["textRank"]!.GetValue<int>()) + 1.0 / (60 + top["semanticRank"]!.GetValue<int>()), top["score"]!.GetValue<double>(), 12);
        Assert.Contains(nodes, n => n!["matchedBy"]!.AsArray().Count == 1 && n["textRank"] is null);
        Assert.True(nodes.Zip(nodes.Skip(1)).All(p => p.First!["score"]!.GetValue<double>() >= p.Second!["score"]!.GetValue<double>()), "not best first");
    }

    [Theory]
    [InlineData("SEMANTIC")]
    [InlineData("HYBRID")]
    public async Task PagesThroughEveryHitOnceAndTotalCountCountsThem(string mode)
    {
        var all = (await _client.QueryAsync(Search, new { text = "trade talks", mode, first = 50 }))["searchEntities"]!;
        var paged = new List<string>();
        string? after = null;
        do
        {
            var page = (await _client.QueryAsync(Search, new { text = "trade talks", mode, first = 7, after }))["searchEntities"]!;
            paged.AddRange(page["nodes"]!.AsArray().Select(n => n!["node"]!["key"]!.GetValue<string>()));
            after = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? page["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        }
        while (after is not null);

        Assert.Equal(all["nodes"]!.AsArray().Select(n => n!["node"]!["key"]!.GetValue<string>()), paged);
        Assert.Equal(paged.Count, all["totalCount"]!.GetValue<int>());
        Assert.True(paged.Count > 7);
        Assert.DoesNotContain(all["nodes"]!.AsArray(), n => n!["node"]!["__typename"]!.GetValue<string>() == "Source");
    }

    [Fact]
    public async Task KindsLimitSemanticHitsAndTextModeCountsNothing()
    {
        var semantic = (await _client.QueryAsync(Search, new { text = "trade talks", mode = "SEMANTIC", kinds = new[] { "OFFICIAL" }, first = 50 }))["searchEntities"]!;
        var text = (await _client.QueryAsync(Search, new { text = "trade talks", first = 5 }))["searchEntities"]!;

        Assert.NotEmpty(semantic["nodes"]!.AsArray());
        Assert.All(semantic["nodes"]!.AsArray(), n => Assert.Equal("Official", n!["node"]!["__typename"]!.GetValue<string>()));
        Assert.All(semantic["nodes"]!.AsArray(), n => Assert.Equal(["SEMANTIC"], n!["matchedBy"]!.AsArray().Select(s => s!.GetValue<string>())));
        Assert.Null(text["totalCount"]);
        Assert.All(text["nodes"]!.AsArray(), n => Assert.Equal(["TEXT"], n!["matchedBy"]!.AsArray().Select(s => s!.GetValue<string>())));
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("czpub3QtYS1udW1iZXI6a2V5")]
    public async Task ABadCursorIsTheUsualCodedError(string after)
    {
        var codes = await _client.ErrorCodesAsync(Search, new { text = "trade", mode = "HYBRID", after });

        Assert.Equal(["INVALID_CURSOR"], codes);
    }

    [Fact]
    public async Task SimilarEntitiesByEmbeddingGivesOthersOfTheSameKind()
    {
        // The stored vectors load after start-up's quiet period: without them there is nothing similar by embedding yet.
        await application.Services.GetRequiredService<TradeGraph.Api.Semantic.EmbeddingMaintenance>().Backfilled.WaitAsync(TimeSpan.FromMinutes(1));
        var data = await _client.QueryAsync("""
            { similarEntities(key: "scott-bessent", by: EMBEDDING, first: 5) { score shared node { id ... on Official { key } } } }
            """);

        var similar = data["similarEntities"]!.AsArray();
        Assert.Equal(5, similar.Count);
        Assert.All(similar, s => Assert.NotNull(s!["node"]!["key"]));
        Assert.DoesNotContain(similar, s => s!["node"]!["key"]!.GetValue<string>() == "scott-bessent");
        Assert.All(similar, s => Assert.Equal(0, s!["shared"]!.GetValue<int>()));
    }

    [Fact]
    public async Task NeighboursStillNeedAPath()
    {
        var codes = await _client.ErrorCodesAsync("""{ similarEntities(key: "scott-bessent") { score } }""");

        Assert.Equal(["INVALID_ARGUMENT"], codes);
    }
}
