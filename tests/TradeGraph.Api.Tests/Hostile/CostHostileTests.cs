using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Hostile;

/// <summary>
/// The review's cost-analysis shapes (H1 fragment explosion, H2 deep introspection, M2 undercounts, item 14 validate):
/// each is refused before anything runs, or estimated in full in a fraction of the time it used to take.
/// "Nothing ran" is shown by the store round trips of the request (0) and by the data being unchanged.
/// </summary>
public sealed class CostHostileTests : IAsyncLifetime
{
    private readonly TradeGraphApplication _application = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _application.CreateClient();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _application.Dispose();
        return Task.CompletedTask;
    }

    // H1 ------------------------------------------------------------------------------------------------------------

    /// <summary>officials(first: 1) → F0, and each Fi spreads F(i+1) twice: 2^levels names from a document of a few hundred bytes.</summary>
    private static string DoublingFragments(string operation, string type, int levels) =>
        operation + " " + string.Join(" ", Enumerable.Range(0, levels).Select(i => $"fragment F{i} on {type} {{ ...F{i + 1} ...F{i + 1} }}"))
        + $" fragment F{levels} on {type} {{ name }}";

    [Theory]
    [InlineData(22, "COST_LIMIT_EXCEEDED")] // 4.4 s before
    [InlineData(31, "COST_LIMIT_EXCEEDED")] // the deepest chain allowed: about 2^9 times longer before
    [InlineData(60, "MAX_FRAGMENT_DEPTH_EXCEEDED")] // refused on its shape, before any rule follows a spread
    public async Task AFragmentExplosionIsRefusedAtOnceWithoutTouchingTheStore(int levels, string code)
    {
        var query = DoublingFragments("query { officials(first: 1) { nodes { ...F0 } } }", "Official", levels);

        var stopwatch = Stopwatch.StartNew();
        var (status, body) = await SendAsync(query, cost: "report");

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([code], Codes(body));
        Assert.False(body.ContainsKey("data"));
        Assert.Equal(0, body["extensions"]?["operationCost"]?["storeRoundTrips"]?.GetValue<int>() ?? 0);
    }

    [Fact]
    public async Task ValidatingAFragmentExplosionMeasuresItInFullInLinearTime()
    {
        // Validate measures to the end (nothing is enforced or run): 2^31 + 2 fields, found without expanding a single spread twice.
        var query = DoublingFragments("query { officials(first: 1) { nodes { ...F0 } } }", "Official", 31);

        var stopwatch = Stopwatch.StartNew();
        var (status, body) = await SendAsync(query, cost: "validate");

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Math.Pow(2, 31) + 2, body["extensions"]!["operationCost"]!["resolvedFields"]!.GetValue<double>());
    }

    [Fact]
    public async Task AnUnauthenticatedMutationWithAFragmentExplosionGets401WithoutTheCostWalk()
    {
        var query = DoublingFragments(
            """mutation { upsertTopic(input: { key: "explosion-topic", name: "Explosion", editorial: true }) { topic { ...F0 } } }""", "Topic", 30);

        var stopwatch = Stopwatch.StartNew();
        var (status, body) = await SendAsync(query, cost: "report");

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(["UNAUTHENTICATED"], Codes(body));
        // The cost analysis leaves its estimate for the report whenever it walks; a refused operation is never walked.
        Assert.Null(body["extensions"]?["operationCost"]);
        Assert.Equal(0, await TopicCountAsync("explosion-topic"));
    }

    /// <summary>A chain of fragments on Query, each spreading the next.</summary>
    private static string Chain(int links, string last) =>
        "{ ...Q0 } " + string.Join(" ", Enumerable.Range(0, links - 1).Select(i => $"fragment Q{i} on Query {{ ...Q{i + 1} }}")) + $" fragment Q{links - 1} on Query {{ {last} }}";

    public static TheoryData<string, string, string> FragmentShapesOverTheLimits => new()
    {
        // 501 spreads of one fragment side by side (over the limit of 250)
        { $"{{ officials(first: 1) {{ nodes {{ {string.Join(" ", Enumerable.Repeat("...Name", 501))} }} }} }} fragment Name on Official {{ name }}", "MAX_FRAGMENT_SPREADS_EXCEEDED", "501" },
        // 2,500 links (80 KB): before, a stack overflow that ended the process
        { Chain(2_500, "__typename"), "MAX_FRAGMENT_SPREADS_EXCEEDED", "2,500" },
        // 200 links (7 KB), within the spread limit: before, quadratic in GraphQL.NET's overlapping-fields rule (500 links measured 4.9 s)
        { Chain(200, "__typename"), "MAX_FRAGMENT_DEPTH_EXCEEDED", "200" },
    };

    [Theory]
    [MemberData(nameof(FragmentShapesOverTheLimits))]
    public async Task FragmentShapesOverTheLimitsAreRefusedBeforeAnyRuleFollowsASpread(string query, string code, string size)
    {
        var stopwatch = Stopwatch.StartNew();
        var (_, body) = await SendAsync(query, cost: "report");

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
        var error = Assert.Single(body["errors"]!.AsArray())!;
        Assert.Equal(code, error["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains(size, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("GraphQL:Cost:MaxFragment", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(body["extensions"]?["operationCost"]);
    }

    [Fact]
    public async Task AChainOfFragmentsUpToTheLimitStillAnswers()
    {
        var data = await _client.QueryAsync(Chain(32, "officials(first: 1) { totalCount }"));

        Assert.True(data["officials"]!["totalCount"]!.GetValue<int>() > 0);
    }

    // H2 ------------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("""{ __type(name: "Entity") { possibleTypes { name interfaces { name possibleTypes { name interfaces { name possibleTypes { name interfaces { name possibleTypes { name interfaces { name possibleTypes { name } } } } } } } } } } }""", "possibleTypes")]
    [InlineData("""{ __type(name: "Entity") { possibleTypes { interfaces { possibleTypes { name } } } } }""", "possibleTypes")]
    [InlineData("""{ __schema { types { fields { type { fields { name } } } } } }""", "fields")]
    [InlineData("""{ __type(name: "Entity") { ...P } } fragment P on __Type { possibleTypes { ...I } } fragment I on __Type { interfaces { possibleTypes { name } } }""", "possibleTypes")]
    public async Task NestedIntrospectionListsAreRefused(string query, string field)
    {
        var (_, body) = await SendAsync(query);

        Assert.False(body.ContainsKey("data"));
        var error = Assert.Single(body["errors"]!.AsArray())!;
        Assert.Equal("MAX_INTROSPECTION_DEPTH_EXCEEDED", error["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains($"`{field}`", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOfTypeChainDeeperThanTheLimitIsRefused()
    {
        var (_, body) = await SendAsync("{ __type(name: \"Official\") { fields { type { " + OfTypes(17) + " } } } }");

        Assert.Equal(["MAX_INTROSPECTION_DEPTH_EXCEEDED"], Codes(body));
    }

    [Fact]
    public async Task GraphiQLsIntrospectionQueryStillAnswers()
    {
        var data = await _client.QueryAsync(GraphiQLIntrospection);

        var types = data["__schema"]!["types"]!.AsArray();
        Assert.Contains(types, t => t!["name"]!.GetValue<string>() == "Official" && t["fields"]!.AsArray().Count > 5);
        Assert.Contains(types, t => t!["name"]!.GetValue<string>() == "Entity" && t["possibleTypes"]!.AsArray().Count > 5);
    }

    [Fact]
    public async Task OneLevelOfEachIntrospectionListStillAnswers()
    {
        var data = await _client.QueryAsync("""{ __type(name: "Entity") { possibleTypes { name interfaces { name } fields { name type { name ofType { name } } } } } }""");

        Assert.NotEmpty(data["__type"]!["possibleTypes"]!.AsArray());
    }

    // M2 ------------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task AVariableLeftToItsDefaultCountsAtItsDefault()
    {
        const string WithDefaults = "query ($n: Int = 50) { officials(first: $n) { nodes { meetings(first: $n) { nodes { participants(first: $n) { nodes { name } } } } } } }";
        const string WithLiterals = "{ officials(first: 50) { nodes { meetings(first: 50) { nodes { participants(first: 50) { nodes { name } } } } } } }";

        var (_, refused) = await SendAsync(WithDefaults, cost: "report");
        var defaults = await FieldCostAsync(WithDefaults);

        Assert.Equal(["COST_LIMIT_EXCEEDED"], Codes(refused));
        Assert.Equal(0, refused["extensions"]!["operationCost"]!["storeRoundTrips"]!.GetValue<int>());
        Assert.Equal(130_102, defaults);
        Assert.Equal(await FieldCostAsync(WithLiterals), defaults);
    }

    [Fact]
    public async Task AVariableWithoutValueOrDefaultCountsAtWhatTheServerUses()
    {
        Assert.Equal(await FieldCostAsync("{ officials { nodes { name } } }"), await FieldCostAsync("query ($n: Int) { officials(first: $n) { nodes { name } } }"));
        Assert.Equal(12, await FieldCostAsync("{ officials { nodes { name } } }")); // officials 1 + nodes 1 + name 10 (the default page)
    }

    [Theory]
    // communities 1 + 1,000 (analytics) + communities 1 + members 3 + id 3 × 4
    [InlineData("{ communities(algorithm: LOUVAIN) { communities(first: 3) { members(first: 4) { id } } } }", 1_017)]
    // kShortestPaths 1,001 + nodes 20 + id 20 × 10 (a path's nodes: the assumed list size)
    [InlineData("""{ kShortestPaths(from: "a", to: "b", k: 20) { nodes { id } } }""", 1_221)]
    // neighbourhood 1,001 + nodes 1 + distance 7 + relationships 1 + type 7
    [InlineData("""{ neighbourhood(key: "a", first: 7) { nodes { distance } relationships { type } } }""", 1_017)]
    // similarEntities 1,001 + score 5; coOccurrences 1,001 + shared 2 + id 2 × 10
    [InlineData("""{ similarEntities(key: "a", via: [{ relationshipType: "PARTICIPATES_IN" }], first: 5) { score } }""", 1_006)]
    [InlineData("""{ coOccurrences(kind: "Official", via: [{ relationshipType: "PARTICIPATES_IN" }], first: 2) { shared { id } } }""", 1_023)]
    // officials 1 + nodes 1 + history 2 + changes 2 × 10 + field 20 × 10 (unpaged lists: the assumed size; a connection sizes its nodes)
    [InlineData("{ officials(first: 2) { nodes { history { changes { field } } } } }", 224)]
    // officials 1 + nodes 1 + sources 2 + locator 2 × 2 (citations: AssumedSourcesPerFact)
    [InlineData("{ officials(first: 2) { nodes { sources { locator } } } }", 8)]
    // nodes 1 + id 3 (the ids given); search 1 + key 4
    [InlineData("""{ nodes(ids: ["a", "b", "c"]) { id } }""", 4)]
    [InlineData("""{ search(text: "x", first: 4) { key } }""", 5)]
    public async Task ListsThatAreNotConnectionsMultiplyTheirChildren(string query, double expected)
    {
        Assert.Equal(expected, await FieldCostAsync(query));
    }

    [Theory]
    [InlineData("""{ neighbourhood(key: "xi-jinping", hops: 4, first: 500) { nodes { node { ... on Official { meetings(first: 50) { nodes { participants(first: 50) { nodes { name } } } } } } } } }""")]
    [InlineData("""{ communities(algorithm: LOUVAIN) { communities(first: 50) { members(first: 50) { ... on Official { meetings(first: 50) { nodes { name } } } } } } }""")]
    [InlineData("""{ kShortestPaths(from: "marco-rubio", to: "xi-jinping", k: 20) { nodes { ... on Official { meetings(first: 50) { nodes { participants(first: 50) { nodes { name } } } } } } } }""")]
    [InlineData("""{ coOccurrences(kind: "Official", via: [{ relationshipType: "PARTICIPATES_IN" }], first: 50) { shared { ... on Meeting { participants(first: 50) { nodes { name } } } } } }""")]
    [InlineData("{ officials(first: 50) { nodes { history { changes { field } sources { source { supports(first: 50) { nodes { locator } } } } } } } }")]
    public async Task TheReviewsListShapesAreRefusedBeforeAnythingRuns(string query)
    {
        var (_, body) = await SendAsync(query, cost: "report");

        Assert.Equal(["COST_LIMIT_EXCEEDED"], Codes(body));
        Assert.Equal(0, body["extensions"]!["operationCost"]!["storeRoundTrips"]!.GetValue<int>());
    }

    // Item 14 -------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task ValidateReportsAMutationsCostAndRunsNothing()
    {
        const string Mutation = """mutation { upsertTopic(input: { key: "validate-topic", name: "Validated", editorial: true }) { topic { key name } outcome } }""";

        var (status, body) = await SendAsync(Mutation, cost: "validate", key: TestKeys.Writer, accept: "application/graphql-response+json");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.ContainsKey("data"));
        Assert.False(body.ContainsKey("errors"));
        var cost = body["extensions"]!["operationCost"]!;
        Assert.Equal(11, cost["fieldCost"]!.GetValue<double>()); // upsertTopic 10 (a root field), topic 1, scalars and enums 0
        Assert.Equal(5, cost["resolvedFields"]!.GetValue<double>()); // upsertTopic, topic, key, name, outcome
        Assert.Equal(0, cost["storeRoundTrips"]!.GetValue<int>());
        Assert.Equal(0, await TopicCountAsync("validate-topic"));
    }

    [Fact]
    public async Task ValidateReportsAQueryOverTheLimitWithoutRefusingOrRunningIt()
    {
        var (status, body) = await SendAsync("{ officials(first: 50) { nodes { meetings(first: 50) { nodes { participants(first: 50) { nodes { name } } } } } } }", cost: "validate");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["extensions"], body.Select(p => p.Key));
        // Hot Chocolate's scale: officials 10 + nodes 1 + 50 × (meetings 10 + nodes 1 + 50 × (participants 10 + nodes 1 + 50 × name 0)).
        Assert.Equal(28_061, body["extensions"]!["operationCost"]!["fieldCost"]!.GetValue<double>());
        // Each field once per parent: 2 + 50 × (2 + 50 × (2 + 50)).
        Assert.Equal(130_102, body["extensions"]!["operationCost"]!["resolvedFields"]!.GetValue<double>());
        Assert.Equal(0, body["extensions"]!["operationCost"]!["storeRoundTrips"]!.GetValue<int>());
    }

    [Fact]
    public async Task ValidateStillRefusesWhatValidationRefuses()
    {
        var (anonymous, refused) = await SendAsync("""mutation { upsertTopic(input: { key: "validate-anonymous", name: "No key", editorial: true }) { outcome } }""", cost: "validate");
        var (_, invalid) = await SendAsync("{ officials { nodes { noSuchField } } }", cost: "validate");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Equal(["UNAUTHENTICATED"], Codes(refused));
        Assert.NotEmpty(Codes(invalid));
        Assert.False(invalid.ContainsKey("data"));
    }

    [Fact]
    public async Task AValidationIsNeverServedAsTheAnswer()
    {
        const string Query = "{ officials(first: 2) { nodes { key } } }";

        await SendAsync(Query, cost: "validate");
        var (_, answer) = await SendAsync(Query);
        var (_, again) = await SendAsync(Query, cost: "validate");

        Assert.Equal(2, answer["data"]!["officials"]!["nodes"]!.AsArray().Count);
        Assert.False(again.ContainsKey("data"));
    }

    // Helpers -------------------------------------------------------------------------------------------------------

    private async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(string query, string? cost = null, string? key = null, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query }) };
        if (cost is not null)
        {
            request.Headers.Add("GraphQL-Cost", cost);
        }

        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        if (accept is not null)
        {
            request.Headers.Add("Accept", accept);
        }

        using var response = await _client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary>The resolved fields GraphQL-Cost: validate reports (measured in full; nothing runs).</summary>
    private async Task<double> FieldCostAsync(string query)
    {
        var (_, body) = await SendAsync(query, cost: "validate");
        Assert.False(body.ContainsKey("errors"), body.ToJsonString());
        return body["extensions"]!["operationCost"]!["resolvedFields"]!.GetValue<double>();
    }

    private async Task<int> TopicCountAsync(string key) =>
        (await _client.QueryAsync($$"""{ topics(where: { key: { eq: "{{key}}" } }) { totalCount } }"""))["topics"]!["totalCount"]!.GetValue<int>();

    private static string[] Codes(JsonObject body) =>
        [.. (body["errors"]?.AsArray() ?? []).Select(e => e!["extensions"]?["code"]?.GetValue<string>() ?? "")];

    private static string OfTypes(int depth) => string.Concat(Enumerable.Repeat("ofType { ", depth)) + "name" + string.Concat(Enumerable.Repeat(" }", depth));

    /// <summary>The query GraphiQL sends (graphql-js getIntrospectionQuery with descriptions): each list once, ofType nine deep.</summary>
    private static readonly string GraphiQLIntrospection = """
        query IntrospectionQuery {
          __schema {
            queryType { name } mutationType { name } subscriptionType { name }
            types { ...FullType }
            directives { name description locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description
          fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type {
        """ + "kind name " + OfTypes(9).Replace("name", "kind name", StringComparison.Ordinal) + " }";
}
