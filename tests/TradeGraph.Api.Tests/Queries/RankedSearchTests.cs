using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Queries;

/// <summary>searchEntities: ranked full-text search with prefixes, kinds, typo tolerance and keyset paging.</summary>
[Collection(ApplicationCollection.Name)]
public sealed class RankedSearchTests(TradeGraphApplication application)
{
    private const string Search = """
        query ($text: String!, $kinds: [EntityKindName!], $fuzzy: Boolean, $first: Int, $after: String) {
          searchEntities(text: $text, kinds: $kinds, fuzzy: $fuzzy, first: $first, after: $after) {
            nodes { score node { key __typename } }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;

    private readonly HttpClient _client = application.CreateClient();

    [Theory]
    [InlineData("bess", "scott-bessent")]
    [InlineData("Xí JINP", "xi-jinping")]
    [InlineData("trump", "donald-trump")]
    [InlineData("rare earth", "rare-earth-elements")]
    [InlineData("kuala lumpur talks", "kuala-lumpur-trade-talks")]
    public async Task FindsTheBestMatchFirst(string text, string expected)
    {
        var hits = await HitsAsync(new { text });

        Assert.Equal(expected, hits[0].Key);
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score), "not best first");
    }

    [Fact]
    public async Task ATypoFindsTheEntityOnlyWhenFuzzyIsAsked()
    {
        var strict = await HitsAsync(new { text = "Bessant" });
        var fuzzy = await HitsAsync(new { text = "Bessant", fuzzy = true });

        Assert.Empty(strict);
        Assert.Equal("scott-bessent", fuzzy[0].Key);
    }

    [Fact]
    public async Task KindsLimitTheResults()
    {
        var hits = await HitsAsync(new { text = "rare earth", kinds = new[] { "TRADE_MEASURE" } });

        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Equal("TradeMeasure", h.Type));
    }

    [Fact]
    public async Task PagesThroughAllHitsOnce()
    {
        var all = await HitsAsync(new { text = "trump", first = 50 });
        var paged = new List<string>();
        string? after = null;
        while (true)
        {
            var data = await _client.QueryAsync(Search, new { text = "trump", first = 2, after });
            var connection = data["searchEntities"]!;
            paged.AddRange(connection["nodes"]!.AsArray().Select(n => n!["node"]!["key"]!.GetValue<string>()));
            if (!connection["pageInfo"]!["hasNextPage"]!.GetValue<bool>())
            {
                break;
            }

            after = connection["pageInfo"]!["endCursor"]!.GetValue<string>();
        }

        Assert.True(all.Count > 3);
        Assert.Equal(all.Select(h => h.Key), paged);
    }

    [Theory]
    [InlineData("\"* OR NEAR(")]
    [InlineData("   ")]
    [InlineData("zzzzqqq")]
    public async Task OddTextFindsNothingAndIsNoError(string text)
    {
        var hits = await HitsAsync(new { text });

        Assert.Empty(hits);
    }

    private async Task<List<(string Key, string Type, double Score)>> HitsAsync(object variables)
    {
        var data = await _client.QueryAsync(Search, variables);
        return [.. data["searchEntities"]!["nodes"]!.AsArray().Select(n =>
            (n!["node"]!["key"]!.GetValue<string>(), n["node"]!["__typename"]!.GetValue<string>(), n["score"]!.GetValue<double>()))];
    }
}
