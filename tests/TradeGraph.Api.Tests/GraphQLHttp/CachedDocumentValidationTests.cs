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

    public void Dispose() => _application.Dispose();

    private async Task<IValidationResult> ValidateAsync(IEnumerable<IValidationRule> rules)
    {
        var schema = _application.Services.GetRequiredService<TradeGraphSchema>();
        schema.Initialize();
        var document = GraphQLParser.Parser.Parse(Query);
        return await new CachedDocumentValidator().ValidateAsync(new ValidationOptions
        {
            Schema = schema,
            Document = document,
            Operation = document.Definitions.OfType<GraphQLOperationDefinition>().Single(),
            Rules = rules,
            UserContext = new Dictionary<string, object?>(),
            Variables = new Inputs(new Dictionary<string, object?> { ["n"] = 3 }),
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
