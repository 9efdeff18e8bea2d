using System.Text.Json.Nodes;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Queries;

/// <summary>Representative questions of the seeded trade-talks graph, answered over HTTP, as result snapshots.</summary>
[Collection(ApplicationCollection.Name)]
public sealed class SeedGraphQueryTests(TradeGraphApplication application)
{
    private readonly HttpClient _client = application.CreateClient();

    [Fact]
    public async Task KualaLumpurTalksWithDelegationsAndProvenance()
    {
        var data = await _client.QueryAsync("""
            {
              meetings(first: 10) {
                nodes {
                  key name format status startsOn endsOn round
                  location { name country { name } }
                  country { name isoCode }
                  parties { nodes { name } }
                  preparesFor { name }
                  participants {
                    totalCount
                    edges {
                      node { name title country { isoCode } }
                      relationship { ... on ParticipatesIn { role } sources { locator source { title publishedOn } } }
                    }
                  }
                }
              }
            }
            """);

        data.Pretty().MatchSnapshot();
    }

    [Fact]
    public async Task TradeMeasuresWithWhoImposesWhatOnWhom()
    {
        var data = await _client.QueryAsync("""
            {
              tradeMeasures {
                totalCount
                nodes {
                  key name kind status ratePercent
                  imposedBy { name }
                  targets { nodes { name } }
                  commodities { nodes { name } }
                  announcedBy { name }
                  respondsTo { name }
                  sources { locator }
                }
              }
            }
            """);

        data.Pretty().MatchSnapshot();
    }

    [Fact]
    public async Task TheTrumpXiMeetingAndItsAgenda()
    {
        var data = await _client.QueryAsync("""
            {
              search(text: "Xi Jinping", first: 1) {
                ... on Official {
                  name title
                  country { name }
                  meetings {
                    nodes {
                      name format status
                      country { name }
                      partOf { name organizers { nodes { name } } }
                      participants { nodes { name } }
                      commodities { edges { node { name } relationship { ... on Discusses { expectedOutcome } } } }
                      topics { nodes { name countries { nodes { name } } } }
                    }
                  }
                  trips { nodes { name startsOn destinations { edges { node { name } relationship { ... on Visits { order } } } } } }
                }
              }
            }
            """);

        data.Pretty().MatchSnapshot();
    }

    [Fact]
    public async Task NodeRoundTripsEveryGlobalId()
    {
        var officials = await _client.QueryAsync("{ officials(first: 50) { nodes { id key } } }");
        var ids = officials["officials"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToList();

        foreach (var official in officials["officials"]!["nodes"]!.AsArray())
        {
            var node = await _client.QueryAsync("query ($id: ID!) { node(id: $id) { id ... on Official { key } } }", new { id = official!["id"]!.GetValue<string>() });
            Assert.Equal(official["id"]!.GetValue<string>(), node["node"]!["id"]!.GetValue<string>());
            Assert.Equal(official["key"]!.GetValue<string>(), node["node"]!["key"]!.GetValue<string>());
        }

        var many = await _client.QueryAsync("query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids });
        Assert.Equal(ids, many["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task NodeOfAnUnknownKeyIsNullAndOfAMalformedIdIsAnError()
    {
        var unknown = Convert.ToBase64String("Official:nobody"u8.ToArray()).TrimEnd('=');
        var wrongKind = Convert.ToBase64String("Country:xi-jinping"u8.ToArray()).TrimEnd('=');

        var data = await _client.QueryAsync("query ($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } }", new { a = unknown, b = wrongKind });
        var codes = await _client.ErrorCodesAsync("{ node(id: \"%%%\") { id } }");

        Assert.Null(data["a"]);
        Assert.Null(data["b"]);
        Assert.Contains("INVALID_ID", codes);
    }

    [Theory]
    [InlineData("xí JINPING", "xi-jinping")]
    [InlineData("bessent", "scott-bessent")]
    [InlineData("U.S.", "united-states")]
    [InlineData("kuala", "kuala-lumpur")]
    [InlineData("SOYBEANS", "soybeans")]
    public async Task SearchIgnoresCaseAndAccentsAndMatchesAliases(string text, string expectedFirstKey)
    {
        var data = await _client.QueryAsync("query ($text: String!) { search(text: $text, first: 5) { key __typename } }", new { text });

        Assert.Equal(expectedFirstKey, data["search"]![0]!["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task SearchForNothingKnownIsEmpty()
    {
        var data = await _client.QueryAsync("{ search(text: \"zzzz-no-such-thing\") { key } }");

        Assert.Empty(data["search"]!.AsArray());
    }

    [Fact]
    public async Task EveryEntityAndEveryRelationshipCitesASource()
    {
        var model = application.Services.GetRequiredService<TradeGraph.Core.Model.GraphModel>();
        var checkedFacts = 0;

        foreach (var kind in model.Kinds)
        {
            var data = await _client.QueryAsync($"{{ {kind.PluralField}(first: 50) {{ totalCount nodes {{ key sources {{ locator source {{ key }} }} }} }} }}");
            Assert.True(data[kind.PluralField]!["totalCount"]!.GetValue<int>() <= 50, "the seed outgrew one page; page through here");
            foreach (var node in data[kind.PluralField]!["nodes"]!.AsArray())
            {
                AssertCited(node!, $"{kind.Name} {node!["key"]}");
            }

            // One relationship field per query keeps each within the cost limit.
            foreach (var (_, _, end) in model.RelationshipFieldsOf(kind.Name).Where(f => f.End.Cardinality == TradeGraph.Core.Model.Cardinality.Many))
            {
                var related = await _client.QueryAsync(
                    $"{{ {kind.PluralField}(first: 50) {{ nodes {{ key {end.Field}(first: 30) {{ totalCount edges {{ relationship {{ type sources {{ locator source {{ key }} }} }} }} }} }} }} }}");
                foreach (var node in related[kind.PluralField]!["nodes"]!.AsArray())
                {
                    Assert.True(node![end.Field]!["totalCount"]!.GetValue<int>() <= 30, "a node outgrew one page; page through here");
                    foreach (var edge in node[end.Field]!["edges"]!.AsArray())
                    {
                        AssertCited(edge!["relationship"]!, $"{edge["relationship"]!["type"]} at {node["key"]}");
                    }
                }
            }
        }

        Assert.True(checkedFacts > 100, $"only {checkedFacts} facts checked");

        void AssertCited(JsonNode fact, string what)
        {
            var sources = fact["sources"]!.AsArray();
            Assert.True(sources.Count > 0, $"{what} cites no source");
            Assert.All(sources, s => Assert.StartsWith("¶", s!["locator"]!.GetValue<string>(), StringComparison.Ordinal));
            checkedFacts++;
        }
    }
}
