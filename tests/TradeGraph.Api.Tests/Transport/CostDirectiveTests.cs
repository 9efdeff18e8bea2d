using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GraphQLParser.AST;

namespace TradeGraph.Api.Tests.Transport;

/// <summary>
/// Cost as Hot Chocolate prints and reports it (issue 18, item 6): the IBM cost directives in the SDL, derived from the
/// weights and sizes the estimate uses; <c>extensions.operationCost</c> on the spec's scale; <c>GraphQL-Cost: validate</c>
/// reports without executing, <c>report</c> executes and reports.
/// </summary>
public sealed class CostDirectiveTests(TransportApplication application) : IClassFixture<TransportApplication>
{
    private const string ConnectionListSize =
        """@listSize(assumedSize: 50, slicingArguments: ["first", "last"], slicingArgumentDefaultValue: 10, sizedFields: ["edges", "nodes"], requireOneSlicingArgument: false)""";

    [Fact]
    public async Task TheSdlPrintsTheCostDirectivesOnASampleOfFieldsAsHotChocolateDoes()
    {
        var sdl = await SdlAsync();

        // A connection at the root: its page sizes edges and nodes, and its resolver weighs 10; where/order weigh 10 each.
        Assert.Contains("order: [OfficialSortInput!] @cost(weight: \"10\")): OfficialsConnection! " + ConnectionListSize + " @cost(weight: \"10\")", sdl);
        Assert.Contains("where: OfficialFilterInput @cost(weight: \"10\")", sdl);
        // totalCount counts the store (Hot Chocolate weighs it as a resolver); an unpaged list declares its assumed size.
        Assert.Contains("totalCount: Int! @cost(weight: \"10\")", sdl);
        Assert.Contains("sources: [SourceReference!]! @listSize(assumedSize: 2, requireOneSlicingArgument: false)", sdl);
        // The analytics fields print their declared weight (Analytics:FieldCost).
        Assert.Contains("""k: Int!): [Path!]! @listSize(assumedSize: 20, slicingArguments: ["k"], slicingArgumentDefaultValue: 20, requireOneSlicingArgument: false) @cost(weight: "1000")""", sdl);
        // A scalar property keeps the spec's default (0) and prints nothing.
        Assert.Contains("  isoCode: String!\n", sdl);
    }

    [Fact]
    public async Task EveryDirectiveTheSdlAppliesIsDefinedInIt()
    {
        var document = GraphQLParser.Parser.Parse(await SdlAsync());

        var defined = document.Definitions.OfType<GraphQLDirectiveDefinition>().Select(d => d.Name.StringValue).ToHashSet();
        var applied = AppliedDirectives(document).ToHashSet();

        Assert.Contains("directive @oneOf on INPUT_OBJECT", await SdlAsync());
        Assert.Superset(new HashSet<string> { "cost", "listSize", "oneOf" }, defined);
        // The spec's own directives need no definition; every other one must have one.
        Assert.Empty(applied.Except(defined).Except(["deprecated", "specifiedBy", "skip", "include"]));
        Assert.Contains("oneOf", applied);
    }

    [Fact]
    public async Task ValidateReportsTheCostAndExecutesNothing()
    {
        using var client = application.CreateClient();
        var before = application.Calls;

        var (status, body) = await PostAsync(client, "{ officials(first: 5) { totalCount nodes { name meetings(first: 4) { nodes { name } } } } }", "validate");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["extensions"], body.Select(p => p.Key));
        Assert.Equal(76, body["extensions"]!["operationCost"]!["fieldCost"]!.GetValue<double>());
        Assert.Equal(before, application.Calls);
    }

    [Fact]
    public async Task ReportExecutesAndReportsTheSameFigures()
    {
        using var client = application.CreateClient();
        const string Query = "{ officials(first: 5) { totalCount nodes { name meetings(first: 4) { nodes { name } } } } }";
        var (_, validated) = await PostAsync(client, Query, "validate");
        var before = application.Calls;

        var (status, body) = await PostAsync(client, Query, "report");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(5, body["data"]!["officials"]!["nodes"]!.AsArray().Count);
        Assert.True(application.Calls > before, "report executes the operation");
        var cost = body["extensions"]!["operationCost"]!;
        Assert.Equal(validated["extensions"]!["operationCost"]!["fieldCost"]!.GetValue<double>(), cost["fieldCost"]!.GetValue<double>());
        Assert.Equal(validated["extensions"]!["operationCost"]!["typeCost"]!.GetValue<double>(), cost["typeCost"]!.GetValue<double>());
        Assert.True(cost["storeRoundTrips"]!.GetValue<int>() > 0);
    }

    [Theory]
    // Hot Chocolate's rules (CostAnalyzer): a field costs its weight and its arguments' plus its selection, times the list's
    // size when it is a list; a connection's page sizes only edges and nodes. Type cost: Query 1 plus each object's weight 1.
    // officials 10 + totalCount 10 + pageInfo 1 (hasNextPage 0) + nodes 1 + 20 × name 0
    [InlineData("{ officials(first: 20) { totalCount pageInfo { hasNextPage } nodes { name } } }", 22, 1 + 1 + 1 + 20)]
    // officials 10 + where 10 + order 10 + nodes 1 + 2 × key 0
    [InlineData("""{ officials(first: 2, where: { name: { eq: "x" } }, order: [{ name: ASC }]) { nodes { key } } }""", 31, 1 + 1 + 2)]
    // no first: the default page (slicingArgumentDefaultValue 10)
    [InlineData("{ officials { nodes { key } } }", 11, 1 + 1 + 10)]
    // officials 10 + edges 1 + 20 × node 1
    [InlineData("{ officials(first: 20) { edges { node { name } } } }", 31, 1 + 1 + (20 * 2))]
    // officials 10 + nodes 1 + 5 × (meetings 10 + nodes 1 + 4 × name 0)
    [InlineData("{ officials(first: 5) { nodes { meetings(first: 4) { nodes { name } } } } }", 66, 1 + 1 + (5 * (1 + 1 + 4)))]
    public async Task TheFiguresFollowHotChocolatesRules(string query, double fieldCost, double typeCost)
    {
        using var client = application.CreateClient();

        var (_, body) = await PostAsync(client, query, "validate");

        var cost = body["extensions"]!["operationCost"]!;
        Assert.Equal(fieldCost, cost["fieldCost"]!.GetValue<double>());
        Assert.Equal(typeCost, cost["typeCost"]!.GetValue<double>());
    }

    private async Task<string> SdlAsync()
    {
        using var client = application.CreateClient();
        return await client.GetStringAsync("/graphql/schema.graphql");
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(HttpClient client, string query, string cost)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query }) };
        request.Headers.Add("GraphQL-Cost", cost);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary>The names of the directives applied anywhere in a schema document.</summary>
    private static IEnumerable<string> AppliedDirectives(GraphQLDocument document)
    {
        foreach (var definition in document.Definitions)
        {
            var (own, fields, inputs, values) = definition switch
            {
                GraphQLObjectTypeDefinition o => (o.Directives, o.Fields?.Items, (List<GraphQLInputValueDefinition>?)null, (List<GraphQLEnumValueDefinition>?)null),
                GraphQLInterfaceTypeDefinition i => (i.Directives, i.Fields?.Items, null, null),
                GraphQLInputObjectTypeDefinition input => (input.Directives, null, input.Fields?.Items, null),
                GraphQLEnumTypeDefinition e => (e.Directives, null, null, e.Values?.Items),
                GraphQLScalarTypeDefinition s => (s.Directives, null, null, null),
                GraphQLUnionTypeDefinition u => (u.Directives, null, null, null),
                _ => ((GraphQLDirectives?)null, null, null, null),
            };

            var nodes = new List<GraphQLDirectives?> { own };
            nodes.AddRange(fields?.Select(f => f.Directives) ?? []);
            nodes.AddRange(fields?.SelectMany(f => f.Arguments?.Items ?? []).Select(a => a.Directives) ?? []);
            nodes.AddRange(inputs?.Select(f => f.Directives) ?? []);
            nodes.AddRange(values?.Select(v => v.Directives) ?? []);
            foreach (var directive in nodes.SelectMany(d => d?.Items ?? []))
            {
                yield return directive.Name.StringValue;
            }
        }
    }
}
