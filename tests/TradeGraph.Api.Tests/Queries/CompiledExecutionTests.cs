using System.Text;
using System.Text.Json;
using GraphQL.Types;
using Microsoft.AspNetCore.Hosting;
using TradeGraph.Api.GraphQL;
using TradeGraph.Api.GraphQL.Execution;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Queries;

/// <summary>
/// Queries run on the compiled path (<see cref="CompiledExecutionStrategy"/>) answer byte for byte as GraphQL.NET's
/// executor does — same status, same body — over a corpus: every bench workload, fragments, aliases, __typename,
/// interfaces, nulls, errors, directives, introspection. Each document is asked twice (the second time from the document
/// cache). The strategy's counters prove which path answered: compiled, handed to the executor after an error, or not
/// compiled at all (directives, merged fields, introspection).
/// </summary>
public sealed class CompiledExecutionTests(CompiledExecutionTests.Applications applications) : IClassFixture<CompiledExecutionTests.Applications>
{
    private static readonly string Xi = GlobalId.Encode("Official", "xi-jinping");

    private readonly TradeGraphApplication _compiled = applications.Compiled;
    private readonly TradeGraphApplication _executor = applications.Executor;

    public enum Path
    {
        Compiled,
        FellBack,
        NotCompiled,
    }

    public static TheoryData<string, string, string?, Path> Corpus()
    {
        var workloads = System.IO.Path.Combine(Performance.Workloads.RepositoryRoot(), "bench", "workloads");
        string Workload(string name) => File.ReadAllText(System.IO.Path.Combine(workloads, name + ".graphql"));
        return new()
        {
            { "key lookup", Workload("key-lookup"), $$"""{"id":"{{Xi}}"}""", Path.Compiled },
            { "nested", Workload("nested"), null, Path.Compiled },
            { "nested varied", Workload("nested-varied"), """{"before":"2025-10-30"}""", Path.Compiled },
            { "filtered page", Workload("filtered-page"), """{"format":"TRADE_TALKS","from":"2025-01-01"}""", Path.Compiled },
            { "search", Workload("search"), """{"text":"trade"}""", Path.Compiled },
            { "shortest path", Workload("shortest-path"), """{"from":"marco-rubio","to":"xi-jinping"}""", Path.Compiled },
            { "official meetings", Workload("official-meetings"), $$"""{"id":"{{Xi}}"}""", Path.Compiled },
            { "named fragments", "query { officials(first: 3) { nodes { ...Who } } } fragment Who on Official { key name ...Where } fragment Where on Official { country { name isoCode } }", null, Path.Compiled },
            { "aliases and typename", "{ __typename a: officials(first: 2) { nodes { k: key n: name __typename } } b: countries(first: 2, order: [{ name: DESC }]) { total: totalCount nodes { name } } }", null, Path.Compiled },
            { "interface fragments", $$"""{ node(id: "{{Xi}}") { __typename id ... on Entity { key } ... on Official { title } ... on Country { isoCode } } }""", null, Path.Compiled },
            { "edges and relationships", """{ meetings(first: 2, order: [{ startsOn: DESC }]) { edges { cursor node { key description } relationship { type } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }""", null, Path.Compiled },
            { "nested relationships", """{ meetings(first: 2) { nodes { key participants(first: 3) { edges { node { key } relationship { __typename ... on ParticipatesIn { role sources { locator inferred source { title } } } } } } } } }""", null, Path.Compiled },
            { "aggregate", "{ meetings { aggregate { count startsOn { min max } } } }", null, Path.Compiled },
            { "nulls", $$"""{ node(id: "{{GlobalId.Encode("Official", "nobody-at-all")}}") { id } nodes(ids: ["{{Xi}}", "{{GlobalId.Encode("Country", "nowhere")}}"]) { id } }""", null, Path.Compiled },
            { "lists of scalars", "{ officials(first: 2) { nodes { key aliases } } }", null, Path.Compiled },
            { "invalid id", """{ node(id: "not-an-id") { id } }""", null, Path.FellBack },
            { "page size over the maximum", "{ officials(first: 500) { nodes { key } } }", null, Path.FellBack },
            { "a bad cursor", """{ officials(first: 2, after: "nonsense") { nodes { key } } }""", null, Path.FellBack },
            { "one error beside data", $$"""{ ok: node(id: "{{Xi}}") { id } bad: node(id: "not-an-id") { id } }""", null, Path.FellBack },
            { "skip and include", "query($s: Boolean!) { officials(first: 2) { nodes { key name @skip(if: $s) } } }", """{"s":true}""", Path.NotCompiled },
            { "fields merged under one key", "{ officials(first: 2) { nodes { key } nodes { name } } }", null, Path.NotCompiled },
            { "introspection", "{ __schema { queryType { name } } }", null, Path.NotCompiled },
        };
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task TheCompiledPathAnswersAsTheExecutorDoes(string name, string query, string? variables, Path path)
    {
        var strategy = _compiled.Services.GetRequiredService<CompiledExecutionStrategy>();
        using var compiledClient = _compiled.CreateClient();
        using var executorClient = _executor.CreateClient();
        var before = Counts(strategy);

        for (var round = 0; round < 2; round++)
        {
            var (expectedStatus, expected) = await PostAsync(executorClient, query, variables);
            var (status, actual) = await PostAsync(compiledClient, query, variables);

            Assert.Equal(expectedStatus, status);
            Assert.True(expected == actual, $"{name}, round {round}:\nexecutor {expected}\ncompiled {actual}");
        }

        var after = Counts(strategy);
        // A selection found unfit only below the root (a directive, merged fields) is found so on the first request; the
        // operation is then marked, and later requests go straight to the executor.
        var taken = path switch
        {
            Path.Compiled => after.Compiled - before.Compiled == 2,
            Path.FellBack => after.FellBack - before.FellBack == 2,
            _ => after.Compiled == before.Compiled && after.NotCompiled - before.NotCompiled >= 1,
        };
        Assert.True(taken, $"{name}: expected {path}; counts before {before}, after {after}");
        Assert.Equal(0, _executor.Services.GetRequiredService<CompiledExecutionStrategy>().Compiled);
    }

    [Fact]
    public async Task AnErrorAnswerIsTheExecutorsOwnWithoutRepeatedWork()
    {
        using var client = _compiled.CreateClient();

        var (_, body) = await PostAsync(client, """{ a: node(id: "not-an-id") { id } }""", null);

        using var answer = JsonDocument.Parse(body);
        var error = Assert.Single(answer.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("a", error.GetProperty("path")[0].GetString());
        Assert.Equal(JsonValueKind.Null, answer.RootElement.GetProperty("data").GetProperty("a").ValueKind);
    }

    [Fact]
    public void AKeptPossibleTypeAnswerIsGraphQLNetsForEveryAbstractAndObjectType()
    {
        var schema = _compiled.Services.GetRequiredService<ISchema>();
        schema.Initialize();
        var abstractTypes = schema.AllTypes.OfType<IAbstractGraphType>().ToArray();
        var objectTypes = schema.AllTypes.OfType<IObjectGraphType>().ToArray();
        var document = GraphQLParser.Parser.Parse("{ node(id: \"x\") { id } }");
        var field = (GraphQLParser.AST.GraphQLField)((GraphQLParser.AST.GraphQLOperationDefinition)document.Definitions[0]).SelectionSet.Selections[0];
        var possibleSeen = 0;

        foreach (var abstractType in abstractTypes)
        {
            // One compiled field per abstract type, as a field's result type fixes it; each answer asked twice (the second kept).
            var compiled = new CompiledField(schema, document, "node", field, schema.Query.GetField("node")!);
            for (var round = 0; round < 2; round++)
            {
                foreach (var objectType in objectTypes)
                {
                    var expected = abstractType.IsPossibleType(objectType);
                    Assert.Equal(expected, compiled.IsPossibleType(abstractType, objectType));
                    possibleSeen += expected && round == 0 ? 1 : 0;
                }
            }
        }

        Assert.NotEmpty(abstractTypes);
        Assert.InRange(possibleSeen, 1, abstractTypes.Length * objectTypes.Length - 1);
    }

    private static (long Compiled, long FellBack, long NotCompiled) Counts(CompiledExecutionStrategy strategy) =>
        (strategy.Compiled, strategy.FellBack, strategy.NotCompiled);

    private static async Task<(int Status, string Body)> PostAsync(HttpClient client, string query, string? variables)
    {
        var body = $$"""{"query":{{JsonSerializer.Serialize(query)}}{{(variables is null ? "" : ",\"variables\":" + variables)}}}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/graphql", UriKind.Relative), content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The service with the compiled path on (the default) and off, shared by the tests.</summary>
    public sealed class Applications : IDisposable
    {
        public TradeGraphApplication Compiled { get; } = new UncachedApplication(compiled: true);

        public TradeGraphApplication Executor { get; } = new UncachedApplication(compiled: false);

        public void Dispose()
        {
            Compiled.Dispose();
            Executor.Dispose();
        }
    }

    /// <summary>
    /// The service without the response cache (a repeated request is executed again), with the compiled path on or off
    /// (GraphQL:CompiledExecution:Enabled=false: every query on GraphQL.NET's executor).
    /// </summary>
    private sealed class UncachedApplication(bool compiled) : TradeGraphApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("GraphQL:ResponseCache:Enabled", "false");
            builder.UseSetting("GraphQL:CompiledExecution:Enabled", compiled ? "true" : "false");
        }
    }
}
