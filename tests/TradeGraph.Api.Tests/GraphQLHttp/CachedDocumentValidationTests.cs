using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Validation;
using GraphQLParser.AST;
using TradeGraph.Api.GraphQL;
using TradeGraph.Api.GraphQL.Schema;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.GraphQLHttp;

/// <summary>
/// A document served from the document cache is checked by its request rules directly, without GraphQL.NET's document
/// walk, in the rules' order; every rule still refuses what it refused before the document was cached.
/// </summary>
public sealed class CachedDocumentValidationTests : IDisposable
{
    private const string Query = "query Countries($n: Int) { countries(first: $n) { nodes { key name } } }";

    private readonly TradeGraphApplication _application = new();

    [Fact]
    public async Task CachedRulesAreCheckedWithoutWalkingTheDocument()
    {
        var probe = new ProbeRule(refuse: false);

        var result = await ValidateAsync(new CachedDocumentRules([probe]));

        Assert.True(result.IsValid);
        Assert.Equal(0, probe.NodesWalked);
        Assert.Equal(["operation", "arguments with countries"], probe.Calls);
        Assert.Equal(3, result.Variables!.Find("n")!.Value);
    }

    [Fact]
    public async Task TheSameRuleGivenAsAPlainListIsWalked()
    {
        // The probe does notice a walk: without the cached-rules type, GraphQL.NET walks the document for its visitors.
        var probe = new ProbeRule(refuse: false);

        var result = await ValidateAsync([probe]);

        Assert.True(result.IsValid);
        Assert.True(probe.NodesWalked > 0);
    }

    [Fact]
    public async Task ARefusalBeforeParsingStopsTheRest()
    {
        var probe = new ProbeRule(refuse: true);

        var result = await ValidateAsync(new CachedDocumentRules([probe]));

        Assert.False(result.IsValid);
        Assert.Equal("refused by the probe", result.Errors.Single().Message);
        Assert.Equal(["operation"], probe.Calls);
        Assert.Null(result.Variables);
    }

    [Fact]
    public async Task ACachedMutationIsStillRefusedOverGet()
    {
        using var client = _application.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", TestKeys.Writer);
        const string Mutation = "mutation { __typename }";
        using var posted = await client.PostAsJsonAsync("/graphql", new { query = Mutation });
        var cache = _application.Services.GetRequiredService<DocumentCache>();
        var hits = cache.Hits;

        using var got = await client.GetAsync("/graphql?query=" + Uri.EscapeDataString(Mutation));

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(hits + 1, cache.Hits);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, got.StatusCode);
    }

    [Fact]
    public async Task ACachedDocumentsCostFollowsItsVariables()
    {
        using var client = _application.CreateClient();

        var two = await FieldCostAsync(client, 2);
        var forty = await FieldCostAsync(client, 40);

        Assert.True(forty > two, $"{forty} > {two}");
        Assert.True(_application.Services.GetRequiredService<DocumentCache>().Hits > 0);
    }

    [Fact]
    public async Task AnOperationsVariableUsagesAreFoundOnceAndStillCoerceEachRequestsVariables()
    {
        var validator = new CachedDocumentValidator();
        var document = GraphQLParser.Parser.Parse(Query);

        var three = await ValidateAsync(new CachedDocumentRules([]), validator, document, 3);
        var seven = await ValidateAsync(new CachedDocumentRules([]), validator, document, 7);
        var eleven = await ValidateAsync(new CachedDocumentRules([]), validator, document, 11);

        Assert.Equal(1, validator.UsageWalks);
        Assert.Equal([3, 7, 11], new[] { three, seven, eleven }.Select(r => r.Variables!.Find("n")!.Value));
    }

    [Theory]
    // A nullable variable with a default may feed a non-null argument; an explicit null for it must still be refused,
    // which needs the variable's usages — also where the usage sits in a fragment.
    [InlineData("query Node($id: ID = \"eA\") { node(id: $id) { id } }")]
    [InlineData("query Node($id: ID = \"eA\") { ...Lookup } fragment Lookup on Query { node(id: $id) { id } }")]
    public async Task ANullForAVariableANonNullArgumentNeedsIsRefusedAlsoOnceCached(string query)
    {
        using var client = _application.CreateClient();
        var cache = _application.Services.GetRequiredService<DocumentCache>();

        // Refused before the document is cached (a refused document is not kept), then cached by a good request.
        var uncached = await PostAsync(client, query, "null");
        await PostAsync(client, query, "\"eA\"");
        var hits = cache.Hits;
        var cached = await PostAsync(client, query, "null");

        Assert.Equal(hits + 1, cache.Hits);
        Assert.Contains("non-null", uncached, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(uncached, cached);

        static async Task<string> PostAsync(HttpClient client, string query, string id)
        {
            using var response = await client.PostAsync("/graphql", new StringContent(
                $$$"""{"query":{{{System.Text.Json.JsonSerializer.Serialize(query)}}},"variables":{"id":{{{id}}}}}""",
                System.Text.Encoding.UTF8, "application/json"));
            var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]?.AsArray() ?? [];
            return string.Join("|", errors.Select(e => e!["message"]!.GetValue<string>()));
        }
    }

    public void Dispose() => _application.Dispose();

    private Task<IValidationResult> ValidateAsync(IEnumerable<IValidationRule> rules) =>
        ValidateAsync(rules, new CachedDocumentValidator(), GraphQLParser.Parser.Parse(Query), 3);

    private async Task<IValidationResult> ValidateAsync(IEnumerable<IValidationRule> rules, CachedDocumentValidator validator, GraphQLDocument document, int n)
    {
        var schema = _application.Services.GetRequiredService<TradeGraphSchema>();
        schema.Initialize();
        return await validator.ValidateAsync(new ValidationOptions
        {
            Schema = schema,
            Document = document,
            Operation = document.Definitions.OfType<GraphQLOperationDefinition>().Single(),
            Rules = rules,
            UserContext = new Dictionary<string, object?>(),
            Variables = new Inputs(new Dictionary<string, object?> { ["n"] = n }),
            Extensions = Inputs.Empty,
            Metrics = global::GraphQL.Instrumentation.Metrics.None,
        });
    }

    private static async Task<double> FieldCostAsync(HttpClient client, int n)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = Query, variables = new { n } }) };
        request.Headers.Add("GraphQL-Cost", "report");
        using var response = await client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        // Scalars weigh nothing on the spec's scale: the resolved fields show the page size.
        return body["extensions"]!["operationCost"]!["resolvedFields"]!.GetValue<double>();
    }

    /// <summary>Records the checks called, and counts the nodes a walk would show its visitor.</summary>
    private sealed class ProbeRule(bool refuse) : ValidationRuleBase, ICachedDocumentRule
    {
        public List<string> Calls { get; } = [];

        public int NodesWalked { get; private set; }

        public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
            new(new MatchingNodeVisitor<ASTNode>((_, _) => NodesWalked++));

        public void CheckOperation(ValidationContext context)
        {
            Calls.Add("operation");
            if (refuse)
            {
                context.ReportError(new ValidationError(context.Document.Source, null, "refused by the probe", context.Operation));
            }
        }

        public void CheckArguments(ValidationContext context)
        {
            var fields = context.ArgumentValues?.Keys.Select(f => f.Name.StringValue) ?? [];
            Calls.Add($"arguments with {string.Join(", ", fields)}");
        }
    }
}
