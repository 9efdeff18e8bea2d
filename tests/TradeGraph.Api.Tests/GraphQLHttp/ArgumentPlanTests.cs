using System.Collections;
using System.Globalization;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQLParser.AST;
using TradeGraph.Api.GraphQL;
using TradeGraph.Api.GraphQL.Schema;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.GraphQLHttp;

/// <summary>
/// A cached document's arguments come from its <see cref="ArgumentPlan"/> instead of GraphQL.NET's per-request walk:
/// the same fields and directives, the same values and sources, the same refusals; a literal without a variable is
/// coerced once and its value reused, one with a variable follows each request's variables.
/// </summary>
public sealed class ArgumentPlanTests : IDisposable
{
    private readonly TradeGraphApplication _application = new();

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

        var expected = await ValidateAsync(new DocumentValidator(), [], document, variables);
        var first = await ValidateAsync(cached, new CachedDocumentRules([]), document, variables);
        var again = await ValidateAsync(cached, new CachedDocumentRules([]), document, variables);

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

        var early = await ValidateAsync(cached, new CachedDocumentRules([]), document, """{"from":"2024-01-01"}""");
        var late = await ValidateAsync(cached, new CachedDocumentRules([]), document, """{"from":"2025-06-30"}""");

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

        var expected = await ValidateAsync(new DocumentValidator(), [], document, variables);
        var planned = await ValidateAsync(new CachedDocumentValidator(), new CachedDocumentRules([]), document, variables);
        var again = await ValidateAsync(new CachedDocumentValidator(), new CachedDocumentRules([]), document, variables);

        Assert.False(expected.IsValid);
        Assert.Equal(expected.Errors.Select(e => $"{e.Code}: {e.Message}"), planned.Errors.Select(e => $"{e.Code}: {e.Message}"));
        Assert.Equal(expected.Errors.Select(e => e.Message), again.Errors.Select(e => e.Message));
    }

    public void Dispose() => _application.Dispose();

    private async Task<IValidationResult> ValidateAsync(IDocumentValidator validator, IEnumerable<IValidationRule> rules, GraphQLDocument document, string variables)
    {
        var schema = _application.Services.GetRequiredService<TradeGraphSchema>();
        schema.Initialize();
        var serializer = new global::GraphQL.SystemTextJson.GraphQLSerializer();
        return await validator.ValidateAsync(new ValidationOptions
        {
            Schema = schema,
            Document = document,
            Operation = document.Definitions.OfType<GraphQLOperationDefinition>().Single(),
            Rules = rules,
            UserContext = new Dictionary<string, object?>(),
            Variables = serializer.Deserialize<Inputs>(variables) ?? Inputs.Empty,
            Extensions = Inputs.Empty,
            Metrics = global::GraphQL.Instrumentation.Metrics.None,
        });
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
}
