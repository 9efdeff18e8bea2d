using System.Collections;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQLParser.AST;
using TradeGraph.Api.GraphQL;
using TradeGraph.Api.GraphQL.Schema;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.GraphQLHttp;

/// <summary>
/// A document served from the document cache is checked by its request rules directly, without GraphQL.NET's document
/// walk, in the rules' order; every rule still refuses what it refused before the document was cached. Its arguments come
/// from its <see cref="ArgumentPlan"/> instead of GraphQL.NET's per-request walk: the same fields and directives, values,
/// sources and refusals; a literal without a variable is coerced once and reused, one with a variable follows each request.
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
    public async Task ACachedDocumentsKeptCostIsReusedOnlyForTheSameListSizes()
    {
        // The estimate is kept per operation with the list sizes it read: a size seen before, then another, then the
        // first again must each give the estimate a fresh walk gives.
        using var client = _application.CreateClient();

        var three = await FieldCostAsync(client, 3);
        var threeAgain = await FieldCostAsync(client, 3);
        var thirty = await FieldCostAsync(client, 30);
        var threeAfterThirty = await FieldCostAsync(client, 3);
        var thirtyAgain = await FieldCostAsync(client, 30);

        Assert.Equal(three, threeAgain);
        Assert.True(thirty > three, $"{thirty} > {three}");
        Assert.Equal(three, threeAfterThirty);
        Assert.Equal(thirty, thirtyAgain);
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

    // The argument plan (ArgumentPlan): what GraphQL.NET's per-request argument walk gives, found once per operation.

    public static TheoryData<string, string> Documents => new()
    {
        {
            "query Page($format: MeetingFormat!, $from: Date!) { meetings(first: 20, where: { format: { eq: $format }, startsOn: { gte: $from } }, order: [{ startsOn: DESC }, { name: ASC }]) { totalCount nodes { key name startsOn status } pageInfo { hasNextPage } } }",
            """{"format":"LEADERS_MEETING","from":"2024-04-21"}"""
        },
        {
            "query Nested($before: Date!, $n: Int) { meetings(first: 3, where: { startsOn: { lte: $before } }, order: [{ startsOn: DESC }]) { nodes { key participants(first: $n) { nodes { key country { key } } } } } }",
            """{"before":"2025-10-30","n":2}"""
        },
        {
            // Fragments (a spread twice, visited once), an inline fragment, directives with and without variables,
            // a meta field with an argument, aliases of one field with different arguments.
            "query Mixed($show: Boolean!, $id: ID!, $key: String!) { ...Root ...Root a: countries(first: 1) @include(if: $show) { nodes { key } } b: countries(first: 2) @skip(if: false) { nodes { key } } __type(name: \"Official\") { name } }"
            + " fragment Root on Query { node(id: $id) { ... on Official { key meetings(first: 2, where: { name: { contains: $key } }) { nodes { key } } } } }",
            """{"show":true,"id":"T2ZmaWNpYWw6eGktamlucGluZw==","key":"a"}"""
        },
        {
            "query Path($from: String!, $to: String!) { shortestPath(from: $from, to: $to, maxHops: 6) { length nodes { ... on Entity { key name } } } }",
            """{"from":"xi-jinping","to":"marco-rubio"}"""
        },
        {
            "{ officials(first: 2, order: [{ name: ASC }]) { nodes { key } } search(text: \"trade\", first: 1) { key } }",
            "{}"
        },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task ThePlanGivesWhatGraphQLNetsOwnParsingGives(string query, string variables)
    {
        var document = GraphQLParser.Parser.Parse(query);
        var cached = new CachedDocumentValidator();

        var expected = await ValidateAsync(new DocumentValidator(), [], document, Variables(variables));
        var first = await ValidateAsync(cached, new CachedDocumentRules([]), document, Variables(variables));
        var again = await ValidateAsync(cached, new CachedDocumentRules([]), document, Variables(variables));

        Assert.True(expected.IsValid, string.Join("; ", expected.Errors.Select(e => e.Message)));
        Assert.Equal(Describe(expected), Describe(first));
        Assert.Equal(Describe(expected), Describe(again));
        Assert.Equal(1, cached.UsageWalks);
    }

    [Fact]
    public async Task ALiteralIsCoercedOnceAndAVariableFollowsEachRequest()
    {
        const string Query = "query Page($from: Date!) { meetings(first: 5, where: { startsOn: { gte: $from } }, order: [{ startsOn: DESC }]) { nodes { key } } }";
        var document = GraphQLParser.Parser.Parse(Query);
        var field = document.Definitions.OfType<GraphQLOperationDefinition>().Single().SelectionSet.Selections.OfType<GraphQLField>().Single();
        var cached = new CachedDocumentValidator();

        var early = await ValidateAsync(cached, new CachedDocumentRules([]), document, Variables("""{"from":"2024-01-01"}"""));
        var late = await ValidateAsync(cached, new CachedDocumentRules([]), document, Variables("""{"from":"2025-06-30"}"""));

        var (earlyArguments, lateArguments) = (early.ArgumentValues![field], late.ArgumentValues![field]);
        // The order literal names no variable: the very same coerced value serves both requests.
        Assert.Same(earlyArguments["order"].Value, lateArguments["order"].Value);
        Assert.Equal(ArgumentSource.Literal, lateArguments["order"].Source);
        Assert.Equal(5, lateArguments["first"].Value);
        // The where literal holds a variable: each request's own value.
        Assert.NotSame(earlyArguments["where"].Value, lateArguments["where"].Value);
        Assert.Contains("2024-01-01", Describe(early), StringComparison.Ordinal);
        Assert.Contains("2025-06-30", Describe(late), StringComparison.Ordinal);
        Assert.DoesNotContain("2024-01-01", Describe(late), StringComparison.Ordinal);
    }

    [Theory]
    // A bad variable value, a bad literal (refused while the argument is parsed), an input object missing a field.
    [InlineData("query Page($first: Int) { countries(first: $first) { nodes { key } } }", """{"first":"many"}""")]
    [InlineData("query Page($from: Date!) { meetings(where: { startsOn: { gte: $from } }) { nodes { key } } }", """{"from":"not a date"}""")]
    [InlineData("{ meetings(where: { startsOn: { gte: \"30 October\" } }) { nodes { key } } }", "{}")]
    public async Task ARefusalIsTheSameAsGraphQLNets(string query, string variables)
    {
        var document = GraphQLParser.Parser.Parse(query);

        var expected = await ValidateAsync(new DocumentValidator(), [], document, Variables(variables));
        var planned = await ValidateAsync(new CachedDocumentValidator(), new CachedDocumentRules([]), document, Variables(variables));
        var again = await ValidateAsync(new CachedDocumentValidator(), new CachedDocumentRules([]), document, Variables(variables));

        Assert.False(expected.IsValid);
        Assert.Equal(expected.Errors.Select(e => $"{e.Code}: {e.Message}"), planned.Errors.Select(e => $"{e.Code}: {e.Message}"));
        Assert.Equal(expected.Errors.Select(e => e.Message), again.Errors.Select(e => e.Message));
    }

    public void Dispose() => _application.Dispose();

    private Task<IValidationResult> ValidateAsync(IEnumerable<IValidationRule> rules) =>
        ValidateAsync(rules, new CachedDocumentValidator(), GraphQLParser.Parser.Parse(Query), 3);

    private Task<IValidationResult> ValidateAsync(IEnumerable<IValidationRule> rules, CachedDocumentValidator validator, GraphQLDocument document, int n) =>
        ValidateAsync(validator, rules, document, new Inputs(new Dictionary<string, object?> { ["n"] = n }));

    private async Task<IValidationResult> ValidateAsync(IDocumentValidator validator, IEnumerable<IValidationRule> rules, GraphQLDocument document, Inputs variables)
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
            Variables = variables,
            Extensions = Inputs.Empty,
            Metrics = global::GraphQL.Instrumentation.Metrics.None,
        });
    }

    private static Inputs Variables(string json) => new global::GraphQL.SystemTextJson.GraphQLSerializer().Deserialize<Inputs>(json) ?? Inputs.Empty;

    private static async Task<double> FieldCostAsync(HttpClient client, int n)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = Query, variables = new { n } }) };
        request.Headers.Add("GraphQL-Cost", "report");
        using var response = await client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        // Scalars weigh nothing on the spec's scale: the resolved fields show the page size.
        return body["extensions"]!["operationCost"]!["resolvedFields"]!.GetValue<double>();
    }

    /// <summary>Every parsed argument and directive, by the node's place in the document, with its value and source.</summary>
    private static string Describe(IValidationResult result)
    {
        var lines = new List<string>();
        foreach (var (field, arguments) in result.ArgumentValues ?? new Dictionary<GraphQLField, IDictionary<string, ArgumentValue>>())
        {
            lines.Add($"field {field.Name.StringValue}@{field.Location.Start}: " + string.Join(", ", arguments.Select(a => $"{a.Key}={Value(a.Value.Value)} ({a.Value.Source})")));
        }

        foreach (var (node, directives) in result.DirectiveValues ?? new Dictionary<ASTNode, IDictionary<string, DirectiveInfo>>())
        {
            lines.Add($"directives@{node.Location.Start}: " + string.Join(", ", directives.Select(d =>
                $"{d.Key}({string.Join(", ", d.Value.Arguments.Select(a => $"{a.Key}={Value(a.Value.Value)} ({a.Value.Source})"))})")));
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join("\n", lines);
    }

    private static string Value(object? value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IDictionary<string, object?> input => "{" + string.Join(", ", input.Select(f => $"{f.Key}: {Value(f.Value)}")) + "}",
        IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Value)) + "]",
        _ => $"{value.GetType().Name}:{Convert.ToString(value, CultureInfo.InvariantCulture)}",
    };
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
