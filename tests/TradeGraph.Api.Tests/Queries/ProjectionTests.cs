using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using TradeGraph.Api.GraphQL;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Tests.Queries;

/// <summary>
/// Only the selected parts leave the store: a recording store shows the parts each read asked for, and the answers
/// still hold every part a field selects (directly, through a fragment, or through another occurrence of a shared loader).
/// </summary>
public sealed class ProjectionTests(ProjectionTests.RecordingApplication application) : IClassFixture<ProjectionTests.RecordingApplication>
{
    private static readonly string Xi = GlobalId.Encode("Official", "xi-jinping");

    [Fact]
    public async Task AKeyLookupOfKeyAndNameAsksForNoPart()
    {
        var (data, calls) = await RunAsync("query($id: ID!) { node(id: $id) { id ... on Official { key name } } }", new { id = Xi });

        Assert.Equal("Xi Jinping", data["node"]!["name"]!.GetValue<string>());
        Assert.Equal([("GetEntities", EntityParts.None)], calls);
    }

    [Fact]
    public async Task AKeyLookupWithPropertiesAsksForPropertiesOnlyAlsoForTheHop()
    {
        var (data, calls) = await RunAsync(
            "query($id: ID!) { node(id: $id) { ... on Official { key name title country { key name isoCode } } } }", new { id = Xi });

        Assert.Equal("Chinese President", data["node"]!["title"]!.GetValue<string>());
        Assert.Equal("CN", data["node"]!["country"]!["isoCode"]!.GetValue<string>());
        Assert.Equal([("GetEntities", EntityParts.Properties), ("ListRelated", EntityParts.Properties)], calls);
    }

    [Fact]
    public async Task PartsSelectedThroughAFragmentAreRead()
    {
        var (data, calls) = await RunAsync("""
            { officials(first: 50) { nodes { key ...Cited } } }
            fragment Cited on Official { aliases ... on Entity { sources { locator } } }
            """);

        var xi = data["officials"]!["nodes"]!.AsArray().Single(n => n!["key"]!.GetValue<string>() == "xi-jinping")!;
        Assert.Contains("President Xi", xi["aliases"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.NotEmpty(xi["sources"]!.AsArray());
        Assert.Equal([("ListEntities", EntityParts.Aliases | EntityParts.Sources)], calls);
    }

    [Fact]
    public async Task TwoOccurrencesOfTheSharedEntityLoaderAskForTheUnionInOneCall()
    {
        var (data, calls) = await RunAsync("""
            query($a: ID!, $b: ID!) {
              first: node(id: $a) { ... on Official { aliases } }
              second: node(id: $b) { ... on Official { description } }
            }
            """, new { a = Xi, b = GlobalId.Encode("Official", "scott-bessent") });

        Assert.NotEmpty(data["first"]!["aliases"]!.AsArray());
        Assert.NotNull(data["second"]!["description"]!.GetValue<string>());
        Assert.Equal([("GetEntities", EntityParts.Aliases | EntityParts.Description)], calls);
    }

    [Fact]
    public async Task TheSameFieldSelectedTwiceIsReadWithBothSelectionsParts()
    {
        var (data, calls) = await RunAsync("""
            { officials(first: 50) { nodes { key } }
              officials(first: 50) { nodes { aliases meetings(first: 1) { nodes { key } } }
                                     nodes { meetings(first: 1) { nodes { round } } } } }
            """);

        var xi = data["officials"]!["nodes"]!.AsArray().Single(n => n!["key"]!.GetValue<string>() == "xi-jinping")!;
        Assert.NotEmpty(xi["aliases"]!.AsArray());
        Assert.Equal(EntityParts.Aliases, Assert.Single(calls, c => c.Call == "ListEntities").Parts);
        Assert.All(calls.Where(c => c.Call == "ListRelated"), c => Assert.Equal(EntityParts.Properties, c.Parts));
    }

    [Fact]
    public async Task ARelatedPageReadsTheWalkedRelationshipsSourcesOnlyWhenSelected()
    {
        var (data, calls) = await RunAsync("""
            { officials(first: 3, where: { key: { eq: "xi-jinping" } }) {
                nodes { meetings(first: 5) { edges { node { key } relationship { sources { locator } } } } } } }
            """);

        var edges = data["officials"]!["nodes"]![0]!["meetings"]!["edges"]!.AsArray();
        Assert.NotEmpty(edges);
        Assert.All(edges, e => Assert.NotEmpty(e!["relationship"]!["sources"]!.AsArray()));
        Assert.Equal([("ListEntities", EntityParts.None), ("ListRelated", EntityParts.RelationshipSources)], calls);
    }

    [Fact]
    public async Task EveryPartSelectedGivesWhatTheWholeReadGives()
    {
        var (data, _) = await RunAsync("""
            query($id: ID!) { node(id: $id) { ... on Official { aliases description title sources { locator source { key } } } } }
            """, new { id = Xi });

        var whole = (await application.Services.GetRequiredService<RecordingStore>().Inner.GetEntitiesAsync(["xi-jinping"], CancellationToken.None))["xi-jinping"];
        var node = data["node"]!;
        Assert.Equal(whole.Aliases, node["aliases"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(whole.Description, node["description"]!.GetValue<string>());
        Assert.Equal(whole.Property("title"), node["title"]!.GetValue<string>());
        Assert.Equal(whole.Sources.Select(s => (s.Source, s.Locator)),
            node["sources"]!.AsArray().Select(s => (s!["source"]!["key"]!.GetValue<string>(), s["locator"]?.GetValue<string>())));
    }

    private async Task<(System.Text.Json.Nodes.JsonObject Data, List<(string Call, EntityParts Parts)> Calls)> RunAsync(string query, object? variables = null)
    {
        var recording = application.Services.GetRequiredService<RecordingStore>();
        using var client = application.CreateClient();
        // One test at a time in this class (xUnit runs a class's tests in sequence): the calls are this request's.
        recording.Calls.Clear();
        var data = await client.QueryAsync(query, variables);
        return (data, [.. recording.Calls]);
    }

    /// <summary>Passes every call on and records the parts each entity read asked for, in order.</summary>
    public sealed class RecordingStore(IGraphStore inner) : DelegatingGraphStore(inner), IGraphStore
    {
        public IGraphStore Inner { get; } = inner;

        public ConcurrentQueue<(string Call, EntityParts Parts)> Calls { get; } = new();

        protected override void BeforeCall()
        {
        }

        public override Task<IReadOnlyDictionary<string, Entity>> GetEntitiesAsync(IReadOnlyCollection<string> keys, EntityParts parts, CancellationToken cancellationToken)
        {
            Calls.Enqueue(("GetEntities", parts));
            return Inner.GetEntitiesAsync(keys, parts, cancellationToken);
        }

        Task<Page<Entity>> IGraphStore.ListEntitiesAsync(EntityQuery query, CancellationToken cancellationToken)
        {
            Calls.Enqueue(("ListEntities", query.Parts));
            return Inner.ListEntitiesAsync(query, cancellationToken);
        }

        Task<IReadOnlyDictionary<string, Page<RelatedEntity>>> IGraphStore.ListRelatedAsync(RelatedQuery query, CancellationToken cancellationToken)
        {
            Calls.Enqueue(("ListRelated", query.Parts));
            return Inner.ListRelatedAsync(query, cancellationToken);
        }
    }

    public sealed class RecordingApplication : TradeGraphApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.WrapGraphStore(inner => new RecordingStore(inner)));
        }
    }
}
