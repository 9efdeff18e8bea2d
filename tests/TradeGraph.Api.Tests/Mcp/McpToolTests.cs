using System.Text.Json;
using TradeGraph.Api.GraphQL.Schema;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Mcp;

/// <summary>
/// The MCP endpoint driven by the SDK's own client in process, on the seed: every tool listed with a schema and a
/// description, each called, every fact it returns cited; refusals come back as tool errors with our codes.
/// </summary>
[Collection(ApplicationCollection.Name)]
public sealed class McpToolTests(TradeGraphApplication app)
{
    private const string Report = "report-2025-10-23-us-china-kl-talks";

    [Fact]
    public async Task ListsEveryToolWithAnInputSchemaADescriptionAndReadOnlyHints()
    {
        await using var client = await McpTestClient.ConnectAsync(app.CreateClient());
        var tools = await client.ListToolsAsync();

        Assert.Equal(
            ["get_entity", "graphql_query", "neighbourhood", "search_entities", "search_passages", "shortest_paths", "source_facts"],
            tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (var tool in tools)
        {
            Assert.False(string.IsNullOrWhiteSpace(tool.Description), tool.Name);
            Assert.Equal(JsonValueKind.Object, tool.JsonSchema.GetProperty("properties").ValueKind);
            Assert.True(tool.ProtocolTool.Annotations?.ReadOnlyHint, tool.Name);
        }

        var required = tools.Single(t => t.Name == "shortest_paths").JsonSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString());
        Assert.Equal(["from", "to"], required.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SearchEntitiesFindsByNameWithCitations()
    {
        await using var client = await McpTestClient.ConnectAsync(app.CreateClient());
        var result = await client.CallAsync("search_entities", new { text = "Bessent", first = 3 });

        var top = result.Structured().GetProperty("hits")[0];
        Assert.Equal("scott-bessent", top.GetProperty("key").GetString());
        Assert.Equal("Official", top.GetProperty("kind").GetString());
        AssertCited(top);
        Assert.Contains("Scott Bessent [Official scott-bessent]", result.Text(), StringComparison.Ordinal);
        Assert.Contains("cited: \"", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchModeIsPassedOnlyWhenTheSchemaHasIt()
    {
        var schemaHasMode = app.Services.GetRequiredService<TradeGraphSchema>().Query.GetField("searchEntities")?.Arguments?.Find("mode") is not null;
        await using var client = await McpTestClient.ConnectAsync(app.CreateClient());
        var result = await client.CallAsync("search_entities", new { text = "Bessent", mode = "TEXT" });

        if (schemaHasMode)
        {
            Assert.Equal("scott-bessent", result.Structured().GetProperty("hits")[0].GetProperty("key").GetString());
        }
        else
        {
            Assert.Equal(["INVALID_ARGUMENT"], result.ErrorCodes());
        }
    }

    [Fact]
    public async Task GetEntityGivesItsPropertiesAndItsRelationshipsEachCited()
    {
        await using var client = await McpTestClient.ConnectAsync(app.CreateClient());
        var entity = (await client.CallAsync("get_entity", new { key = "scott-bessent" })).Structured();

        Assert.Equal("Scott Bessent", entity.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.String, entity.GetProperty("properties").GetProperty("title").ValueKind);
        AssertCited(entity);
        var relationships = entity.GetProperty("relationships").EnumerateArray().ToList();
        Assert.NotEmpty(relationships);
        Assert.Contains(relationships, r => r.GetProperty("type").GetString() == "PARTICIPATES_IN");
        Assert.All(relationships, r =>
        {
            Assert.Contains("scott-bessent", new[] { r.GetProperty("from").GetProperty("key").GetString(), r.GetProperty("to").GetProperty("key").GetString() });
            AssertCited(r);
        });
    }

    [Fact]
    public async Task GetEntityOfAnUnknownKeyIsAToolErrorWithACode()
    {
        await using var client = await McpTestClient.ConnectAsync(app.CreateClient());
        var result = await client.CallAsync("get_entity", new { key = "no-such-entity" });

        Assert.Equal(["NOT_FOUND"], result.ErrorCodes());
        Assert.Contains("search_entities", result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NeighbourhoodHasTheCentreAndCitedRelationships()
    {
        await using var client = await McpTestClient.ConnectAsync(app.CreateClient());
        var subgraph = (await client.CallAsync("neighbourhood", new { key = "kuala-lumpur-trade-talks", hops = 1, first = 10 })).Structured();

        var nodes = subgraph.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal("kuala-lumpur-trade-talks", nodes.Single(n => n.GetProperty("distance").GetInt32() == 0).GetProperty("key").GetString());
        Assert.InRange(nodes.Count, 2, 10);
        var relationships = subgraph.GetProperty("relationships").EnumerateArray().ToList();
        Assert.NotEmpty(relationships);
        Assert.All(relationships, AssertCited);
    }

    [Fact]
    public async Task ShortestPathsJoinTheTwoEntitiesStepByStep()
    {
        await using var client = await McpTestClient.ConnectAsync(app.CreateClient());
        var paths = (await client.CallAsync("shortest_paths", new { from = "marco-rubio", to = "xi-jinping", k = 2 })).Structured()
            .GetProperty("paths").EnumerateArray().ToList();

        Assert.InRange(paths.Count, 1, 2);
        foreach (var path in paths)
        {
            var keys = path.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("key").GetString()).ToList();
            Assert.Equal("marco-rubio", keys[0]);
            Assert.Equal("xi-jinping", keys[^1]);
            var steps = path.GetProperty("relationships").EnumerateArray().ToList();
            Assert.Equal(path.GetProperty("length").GetInt32(), steps.Count);
            for (var i = 0; i < steps.Count; i++)
            {
                // Each step joins consecutive nodes of the path, whichever way the relationship points.
                var ends = new[] { steps[i].GetProperty("from").GetProperty("key").GetString(), steps[i].GetProperty("to").GetProperty("key").GetString() };
                Assert.Equal(new[] { keys[i], keys[i + 1] }.Order(), ends.Order());
                AssertCited(steps[i]);
            }
        }
    }

    [Fact]
    public async Task SourceFactsListWhatTheReportSupportsWithLocatorsAndStatedOrInferred()
    {
        await using var client = await McpTestClient.ConnectAsync(app.CreateClient());
        var result = await client.CallAsync("source_facts", new { source = Report, first = 50 });
        var answer = result.Structured();

        Assert.Equal(Report, answer.GetProperty("source").GetProperty("key").GetString());
        var facts = answer.GetProperty("facts").EnumerateArray().ToList();
        Assert.Equal(50, facts.Count);
        Assert.True(answer.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        Assert.All(facts, f =>
        {
            Assert.StartsWith("¶", f.GetProperty("locator").GetString(), StringComparison.Ordinal);
            Assert.Contains(f.GetProperty("stated").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
            Assert.True(f.TryGetProperty("entity", out _) || f.TryGetProperty("relationship", out _));
        });
    }

    [Fact]
    public async Task GraphQLQueryToolAnswersAQuery()
    {
        await using var client = await McpTestClient.ConnectAsync(app.CreateClient());
        var result = await client.CallAsync("graphql_query", new
        {
            query = "query($n: Int) { officials(first: $n, order: [{ name: ASC }]) { nodes { key name } } }",
            variables = new { n = 2 },
        });

        var nodes = result.Structured().GetProperty("data").GetProperty("officials").GetProperty("nodes");
        Assert.Equal(2, nodes.GetArrayLength());
        Assert.Contains(nodes[0].GetProperty("key").GetString()!, result.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GraphQLQueryToolRefusesAMutationWithOurCodeAndWritesNothing()
    {
        // A key that may write: the refusal is the endpoint's (read-only), not the key's.
        await using var client = await McpTestClient.ConnectAsync(app.CreateClient().WithKey(TestKeys.Writer));
        var result = await client.CallAsync("graphql_query", new
        {
            query = "mutation { upsertTopic(input: { key: \"mcp-probe\", name: \"MCP probe\", editorial: true }) { outcome } }",
        });

        Assert.Equal(["OPERATION_NOT_ALLOWED"], result.ErrorCodes());
        var check = await client.CallAsync("graphql_query", new { query = "{ topics(where: { key: { eq: \"mcp-probe\" } }) { nodes { key } } }" });
        Assert.Equal(0, check.Structured().GetProperty("data").GetProperty("topics").GetProperty("nodes").GetArrayLength());
    }

    [Fact]
    public async Task GraphQLQueryToolRefusesASubscription()
    {
        await using var client = await McpTestClient.ConnectAsync(app.CreateClient());
        var result = await client.CallAsync("graphql_query", new { query = "subscription { graphChanged { key } }" });

        Assert.Equal(["OPERATION_NOT_ALLOWED"], result.ErrorCodes());
    }

    [Fact]
    public async Task TheGraphQLLimitsApplyToEveryTool()
    {
        await using var client = await McpTestClient.ConnectAsync(app.CreateClient());

        // 50 × 50 × 50 estimated fields: over GraphQL:Cost:MaxFieldCost, refused before anything runs.
        var overCost = await client.CallAsync("graphql_query", new
        {
            query = "{ officials(first: 50) { nodes { meetings(first: 50) { nodes { participants(first: 50) { nodes { name } } } } } } }",
        });
        Assert.Equal(["COST_LIMIT_EXCEEDED"], overCost.ErrorCodes());

        // The bespoke tools run GraphQL documents too: the page-size limit is the schema's.
        var overPage = await client.CallAsync("search_entities", new { text = "trade", first = 500 });
        Assert.Equal(["PAGE_SIZE_EXCEEDED"], overPage.ErrorCodes());
    }

    [Fact]
    public async Task AMalformedQueryIsAToolErrorNotAFailure()
    {
        await using var client = await McpTestClient.ConnectAsync(app.CreateClient());
        var result = await client.CallAsync("graphql_query", new { query = "{ officials(first: 2) { nodes { nosuchfield } } }" });

        Assert.True(result.IsError);
        Assert.NotEmpty(result.ErrorCodes());
        Assert.Contains("nosuchfield", result.Text(), StringComparison.Ordinal);
    }

    /// <summary>A fact with at least one citation, each naming its source and saying stated or inferred (with a note).</summary>
    private static void AssertCited(JsonElement fact)
    {
        var citations = fact.GetProperty("citations").EnumerateArray().ToList();
        Assert.NotEmpty(citations);
        Assert.All(citations, c =>
        {
            Assert.False(string.IsNullOrEmpty(c.GetProperty("source").GetString()));
            Assert.False(string.IsNullOrEmpty(c.GetProperty("cite").GetString()));
            if (!c.GetProperty("stated").GetBoolean())
            {
                Assert.False(string.IsNullOrEmpty(c.GetProperty("note").GetString()));
            }
        });
    }
}
