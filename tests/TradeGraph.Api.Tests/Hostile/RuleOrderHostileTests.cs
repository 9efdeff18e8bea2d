using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Hostile;

/// <summary>
/// The order of the validation rules: a request without a key is refused before the core rules walk it, a wide document
/// before the overlapping-fields rule compares its fields, the cost estimate only once every other rule has passed, and
/// the introspection bound holds for every operation of a cached document.
/// </summary>
public sealed class RuleOrderHostileTests : IAsyncLifetime
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

    [Fact]
    public async Task AnIntrospectionOperationOverTheLimitIsRefusedWhenItsDocumentIsCached()
    {
        const string Document = """query A { __typename } query B { __type(name: "Entity") { possibleTypes { interfaces { possibleTypes { interfaces { possibleTypes { name } } } } } } }""";

        var (_, first) = await SendAsync(Document, operationName: "B");
        var (answered, cached) = await SendAsync(Document, operationName: "A");
        var (_, again) = await SendAsync(Document, operationName: "B");

        Assert.Equal(["MAX_INTROSPECTION_DEPTH_EXCEEDED"], Codes(first));
        Assert.Equal(HttpStatusCode.OK, answered);
        Assert.Equal("Query", cached["data"]!["__typename"]!.GetValue<string>());
        Assert.Equal(["MAX_INTROSPECTION_DEPTH_EXCEEDED"], Codes(again));
        Assert.False(again.ContainsKey("data"));
    }

    [Fact]
    public async Task AMutationWithoutAKeyIsRefusedBeforeTheCoreRulesWalkIt()
    {
        // An invalid document: had the core rules walked it, they would have reported the unknown field too.
        var (status, body) = await SendAsync("""mutation { upsertTopic(input: { key: "order-topic", name: "Order", editorial: true }) { noSuchField } }""");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(["UNAUTHENTICATED"], Codes(body));
    }

    /// <summary>The review's wide shape: <paramref name="fragments"/> distinct fragments of <paramref name="fields"/> repeated fields, all spread in one selection set.</summary>
    private static string WideFragments(string operation, int fragments, int fields = 14) =>
        operation.Replace("SPREADS", string.Concat(Enumerable.Range(0, fragments).Select(i => $"...W{i} ")), StringComparison.Ordinal) + " "
        + string.Concat(Enumerable.Range(0, fragments).Select(i => $"fragment W{i} on Topic {{ {string.Concat(Enumerable.Repeat("name ", fields))}}} "));

    [Fact]
    public async Task AWideMutationWithoutAKeyGets401AtOnce()
    {
        // 500 fragments × 14 fields (79 KB): 2.8–3.8 s of the overlapping-fields rule before its 401.
        var query = WideFragments("""mutation { upsertTopic(input: { key: "wide-topic", name: "Wide", editorial: true }) { topic { SPREADS } } }""", 500);

        var stopwatch = Stopwatch.StartNew();
        var (status, body) = await SendAsync(query);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(["UNAUTHENTICATED"], Codes(body));
    }

    public static TheoryData<string, string> WideDocuments => new()
    {
        // 200 distinct fragments of 35 repeated fields, within the spread limit (a query: reads are open); 500 of 14: 3.6 s before
        { WideFragments("{ topics(first: 1) { nodes { SPREADS } } }", 200, fields: 35), "7,002" },
        // 7,000 repeated fields without a fragment (63 KB): 1.27 s before
        { "{ topics(first: 1) { nodes { " + string.Concat(Enumerable.Repeat("name ", 7_000)) + "} } }", "7,002" },
    };

    [Theory]
    [MemberData(nameof(WideDocuments))]
    public async Task AWideDocumentIsRefusedBeforeTheOverlappingFieldsRule(string query, string fields)
    {
        var stopwatch = Stopwatch.StartNew();
        var (status, body) = await SendAsync(query, cost: "report");

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, status);
        var error = Assert.Single(body["errors"]!.AsArray())!;
        Assert.Equal("MAX_FIELD_SELECTIONS_EXCEEDED", error["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains(fields, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("GraphQL:Cost:MaxFieldSelections", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(body.ContainsKey("data"));
        Assert.Null(body["extensions"]?["operationCost"]);
    }

    [Fact]
    public async Task TheCostIsEstimatedOnlyOnceEveryOtherRuleHasPassed()
    {
        // Over the cost limit and over an argument limit: only the argument's refusal, and no estimate was made.
        var where = new string('x', 5_000);
        var (_, body) = await SendAsync(
            $$"""{ officials(first: 50, where: { name: { contains: "{{where}}" } }) { nodes { meetings(first: 50) { nodes { participants(first: 50) { nodes { name } } } } } } }""",
            cost: "report");

        Assert.Equal(["ARGUMENT_TOO_LONG"], Codes(body));
        Assert.Null(body["extensions"]?["operationCost"]);
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(string query, string? operationName = null, string? cost = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, operationName }) };
        if (cost is not null)
        {
            request.Headers.Add("GraphQL-Cost", cost);
        }

        using var response = await _client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static string[] Codes(JsonObject body) =>
        [.. (body["errors"]?.AsArray() ?? []).Select(e => e!["extensions"]?["code"]?.GetValue<string>() ?? "")];
}
