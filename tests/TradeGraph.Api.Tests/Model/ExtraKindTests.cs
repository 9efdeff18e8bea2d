using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Exchange;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Seeding;
using TradeGraph.Core.Synthetic;
using TradeGraph.Storage.Neo4j.QueryApi;
using TradeGraph.Storage.Tests.Neo4j;
using static TradeGraph.Core.Model.GraphModelBuilder;

namespace TradeGraph.Api.Tests.Model;

/// <summary>
/// Adding a kind is a change to the model and nothing else (issue 20): a model with one more kind, an enum and a
/// relationship type is generated, imported, queried through the GraphQL schema built from it (root field, filter, page,
/// the new to-one field) and exported in every format, on SQLite and on Neo4j (the Query API fake the contract tests use).
/// </summary>
public sealed class ExtraKindTests
{
    private static readonly GraphModel Model = new GraphModelBuilder(TradeModel.Define())
        .Enum("SanctionScope", "How wide a sanction reaches.", "TARGETED", "SECTORAL", "COMPREHENSIVE")
        .Entity("SanctionRegime", "sanctionRegimes", "A body of sanctions under one legal basis.", p => p
            .Enum("scope", "SanctionScope", "How wide it reaches.", required: true, indexed: true)
            .Date("since", "Day it took effect.", required: true, indexed: true))
        .Relationship("ADMINISTERS", "Country", "SanctionRegime", "The country runs the regime.",
            Many("sanctionRegimes", "Regimes this country runs."), One("administeredBy", "The country running it."))
        .Build();

    private static readonly Lazy<GraphDocument> Generated = new(() => ScaleGenerator.Generate(Model, 1_000, 3, CancellationToken.None));

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Neo4j")]
    public async Task AKindAddedToTheModelIsGeneratedStoredQueriedAndExported(string store)
    {
        var document = Generated.Value;
        var regimes = document.Entities.Where(e => e.Kind == "SanctionRegime").ToList();
        Assert.Contains(document.Relationships, r => r.Type == "ADMINISTERS");

        var fake = store == "Neo4j" ? new FakeNeo4j(Model) : null;
        using var application = new ExtraKindApplication(fake);
        using var client = application.CreateClient();
        using (var import = new HttpRequestMessage(HttpMethod.Post, "/graph/import"))
        {
            import.Content = new StringContent(await new SeedWriter(Model).WriteToStringAsync(document, CancellationToken.None), Encoding.UTF8, "application/json");
            import.Headers.Add("X-Api-Key", TestKeys.Admin);
            using var imported = await client.SendAsync(import);
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        if (fake is null)
        {
            await QueryAsync(client, document, regimes);
        }
        else
        {
            await QueryOnTheFakeAsync(client, fake, document, regimes);
        }

        var seed = new SeedReader(Model).Read([("export.json", await client.GetStringAsync("/graph/export?format=seed"))]);
        Assert.Equal(regimes.Select(r => r.Key).Order(StringComparer.Ordinal), seed.Entities.Where(e => e.Kind == "SanctionRegime").Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal(document.Relationships.Count, seed.Relationships.Count);
        var graphml = await client.GetStringAsync("/graph/export?format=graphml");
        Assert.Contains("""<data key="n_kind">SanctionRegime</data>""", graphml, StringComparison.Ordinal);
        Assert.Contains("""<data key="e_type">ADMINISTERS</data>""", graphml, StringComparison.Ordinal);
        var cypher = await client.GetStringAsync("/graph/export?format=cypher");
        Assert.Contains("CREATE CONSTRAINT IF NOT EXISTS FOR (n:`SanctionRegime`) REQUIRE n.key IS UNIQUE;", cypher, StringComparison.Ordinal);
        Assert.Contains($"// SanctionRegime: {regimes.Count} node(s).", cypher, StringComparison.Ordinal);
        Assert.Contains("MERGE (n:`SanctionRegime` {key: row.key})", cypher, StringComparison.Ordinal);
        Assert.Contains("MERGE (a)-[r:`ADMINISTERS`]->(b)", cypher, StringComparison.Ordinal);
    }

    /// <summary>On SQLite: the root field, a filter on the new enum, every page of it, and the new to-one field with its count.</summary>
    private static async Task QueryAsync(HttpClient client, GraphDocument document, List<Entity> regimes)
    {
        var (scarcest, expected, pageQuery) = FilteredPage(regimes);
        var keys = new List<string>();
        string? after = null;
        for (var page = 0; page < 100; page++)
        {
            var connection = (await client.QueryAsync(pageQuery, new { after }))["sanctionRegimes"]!;
            Assert.Equal(expected.Count, connection["totalCount"]!.GetValue<int>());
            var nodes = connection["nodes"]!.AsArray();
            Assert.InRange(nodes.Count, 1, 2);
            Assert.All(nodes, n => Assert.NotEqual(scarcest, n!["scope"]!.GetValue<string>()));
            keys.AddRange(nodes.Select(n => n!["key"]!.GetValue<string>()));
            if (!connection["pageInfo"]!["hasNextPage"]!.GetValue<bool>())
            {
                break;
            }

            after = connection["pageInfo"]!["endCursor"]!.GetValue<string>();
        }

        Assert.Equal(expected, keys.Order(StringComparer.Ordinal));
        var administered = document.Relationships.First(r => r.Type == "ADMINISTERS");
        var regime = (await client.QueryAsync($$"""{ sanctionRegimes(where: { key: { eq: "{{administered.To}}" } }) { nodes { administeredBy { key sanctionRegimes { totalCount } } } } }"""))
            ["sanctionRegimes"]!["nodes"]!.AsArray().Single()!;
        Assert.Equal(administered.From, regime["administeredBy"]!["key"]!.GetValue<string>());
        Assert.Equal(document.Relationships.Count(r => r.Type == "ADMINISTERS" && r.From == administered.From),
            regime["administeredBy"]!["sanctionRegimes"]!["totalCount"]!.GetValue<int>());
    }

    /// <summary>
    /// On Neo4j's fake, which executes only the first, unfiltered page of a kind or of an anchor's neighbours (a filter or a
    /// cursor makes a text it refuses rather than answer wrongly; FakeNeo4j.Pages): the root field's page with the new to-one
    /// field is executed; the filtered page is checked as the Cypher the store sends for it (label, property, value).
    /// </summary>
    private static async Task QueryOnTheFakeAsync(HttpClient client, FakeNeo4j fake, GraphDocument document, List<Entity> regimes)
    {
        var nodes = (await client.QueryAsync("{ sanctionRegimes(first: 50) { nodes { key name administeredBy { key name } } pageInfo { hasNextPage } } }"))
            ["sanctionRegimes"]!["nodes"]!.AsArray();
        Assert.Equal(regimes.Select(r => r.Key).Order(StringComparer.Ordinal), nodes.Select(n => n!["key"]!.GetValue<string>()));
        var administeredBy = document.Relationships.Where(r => r.Type == "ADMINISTERS").ToDictionary(r => r.To, r => r.From, StringComparer.Ordinal);
        Assert.All(nodes, n => Assert.Equal(administeredBy.GetValueOrDefault(n!["key"]!.GetValue<string>()), n!["administeredBy"]?["key"]?.GetValue<string>()));

        var (scarcest, _, pageQuery) = FilteredPage(regimes);
        Assert.Equal(["INTERNAL_SERVER_ERROR"], await client.ErrorCodesAsync(pageQuery, new { after = (string?)null }));
        var sent = fake.Requests.Select(r => r.Statement).OfType<CypherStatement>().Last(s => s.Text.Contains("MATCH (n:`SanctionRegime`)", StringComparison.Ordinal));
        Assert.Contains("n.`scope` <> $p0", sent.Text, StringComparison.Ordinal);
        Assert.Equal(scarcest, sent.Parameters["p0"]);
    }

    /// <summary>The filter leaves out the scarcest scope, so there are pages to walk even among the few regimes of a small graph.</summary>
    private static (string Scarcest, List<string> Expected, string Query) FilteredPage(List<Entity> regimes)
    {
        var scarcest = Model.Enum("SanctionScope").Values.MinBy(v => regimes.Count(r => (string?)r.Property("scope") == v))!;
        var expected = regimes.Where(r => (string?)r.Property("scope") != scarcest).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.Count >= 3, $"the generated graph needs a few regimes to page over (has {expected.Count})");
        var query = $$"""
            query($after: String) {
              sanctionRegimes(where: { scope: { neq: {{scarcest}} } }, order: [{ name: ASC }], first: 2, after: $after) {
                totalCount
                nodes { key scope since administeredBy { key } }
                pageInfo { hasNextPage endCursor }
              }
            }
            """;
        return (scarcest, expected, query);
    }

    /// <summary>The service on the extended model, empty at start; on Neo4j its runner is the in-memory fake for that model.</summary>
    private sealed class ExtraKindApplication(FakeNeo4j? fake) : TradeGraphApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Seed:LoadWhenEmpty", "false");
            if (fake is not null)
            {
                builder.UseSetting("Storage:Provider", "Neo4j");
                builder.UseSetting("Storage:Neo4j:Uri", "http://127.0.0.1:1");
                builder.UseSetting("Storage:Neo4j:Password", "not-used");
            }

            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton(Model);
                if (fake is not null)
                {
                    services.AddSingleton<INeo4jQueryRunner>(fake);
                }
            });
        }
    }
}
