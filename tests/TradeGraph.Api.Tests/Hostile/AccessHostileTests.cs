using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using TradeGraph.Api.GraphQLHttp;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Tests.Hostile;

/// <summary>
/// The review's access findings (M1, M4, M5, L1, L6) as requests: each is refused, or answered without a leak, and
/// nothing changed — proved by the graph version and the response cache's entry count, not by the clock.
/// </summary>
public sealed class AccessHostileTests
{
    private const string SourceOnlyKey = "tg-test-source-only-4e21";
    private const string Report = "report-2025-10-23-us-china-kl-talks";

    /// <summary>The test application plus a key limited to Sources, and settings a test may flip at run time.</summary>
    private sealed class Application(params (string Key, string Value)[] settings) : TradeGraphApplication
    {
        public ToggleSource Toggles { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Security:ApiKeys:4:Name", "test-source-only");
            builder.UseSetting("Security:ApiKeys:4:Hash", TestKeys.Hash(SourceOnlyKey));
            builder.UseSetting("Security:ApiKeys:4:Scopes:0", "write");
            builder.UseSetting("Security:ApiKeys:4:Kinds:0", "Source");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureAppConfiguration(configuration => configuration.Add(Toggles));
        }

        public long Version => Services.GetRequiredService<GraphVersion>().Value;

        public long CachedAnswers => Services.GetRequiredService<ResponseCache>().Count;

        public HttpClient Client(string? key = null)
        {
            var client = CreateClient();
            return key is null ? client : client.WithKey(key);
        }
    }

    /// <summary>A configuration source whose values change at run time, as a reloaded appsettings.json would.</summary>
    private sealed class ToggleSource : ConfigurationProvider, IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

        public void Change(string key, string value)
        {
            Data[key] = value;
            OnReload();
        }
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpClient client, string query, object? variables = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        using var response = await client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static string Code(JsonObject body) => body["errors"]![0]!["extensions"]!["code"]!.GetValue<string>();

    private static async Task<bool> ExistsAsync(HttpClient client, string kindField, string key)
    {
        var data = await client.QueryAsync($"{{ {kindField}(first: 50) {{ nodes {{ key }} }} }}");
        return data[kindField]!["nodes"]!.AsArray().Any(n => n!["key"]!.GetValue<string>() == key);
    }

    [Fact]
    public async Task ReproA_AKeysCachedAnswerIsNotServedToACallerWithoutOne()
    {
        using var app = new Application(("Security:ReadsRequireKey", "true"));
        const string query = "{ officials(first: 2) { nodes { key name } } }";

        var (keyed, _) = await SendAsync(app.Client(TestKeys.Reader), query);
        var cached = app.CachedAnswers;
        var (anonymous, body) = await SendAsync(app.Client(), query);

        Assert.Equal(HttpStatusCode.OK, keyed);
        Assert.Equal(1, cached);
        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHENTICATED"), (anonymous, Code(body)));
        Assert.Null(body["data"]);
    }

    [Fact]
    public async Task ReproB_TurningOnReadsRequireKeyAtRunTimeEmptiesTheCacheAndRefusesTheCachedQuery()
    {
        using var app = new Application();
        const string query = "{ countries(first: 2) { nodes { key } } }";
        var (before, _) = await SendAsync(app.Client(), query);
        Assert.Equal((HttpStatusCode.OK, 1L), (before, app.CachedAnswers));

        app.Toggles.Change("Security:ReadsRequireKey", "true");
        var cleared = app.CachedAnswers;
        var (after, body) = await SendAsync(app.Client(), query);

        Assert.Equal(0, cleared);
        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHENTICATED"), (after, Code(body)));
    }

    [Theory]
    [InlineData("anonymous", "reader-two")]
    [InlineData("Anonymous", "reader-two")]
    [InlineData("twin", "twin")]
    [InlineData("twin", "TWIN")]
    public void StartUpRefusesAKeyNamedAnonymousAndDuplicateNames(string first, string second)
    {
        using var app = new Application(
            ("Security:ApiKeys:5:Name", first), ("Security:ApiKeys:5:Hash", TestKeys.Hash("k5-" + first)),
            ("Security:ApiKeys:6:Name", second), ("Security:ApiKeys:6:Hash", TestKeys.Hash("k6-" + second)));

        var refused = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.IsType<OptionsValidationException>(refused.GetBaseException());
    }

    [Fact]
    public async Task ASourceOnlyKeyCannotConnectMentionsToAnOfficial()
    {
        using var app = new Application();
        var version = app.Version;

        var data = await app.Client(SourceOnlyKey).QueryAsync($$"""
            mutation { connectMentions(input: { from: "{{Report}}", to: "xi-jinping", occurrences: 99, editorial: true }) { outcome errors { ... on Error { code message } } } }
            """);

        var payload = data["connectMentions"]!;
        Assert.Null(payload["outcome"]);
        Assert.Equal("FORBIDDEN", payload["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Contains("Official", payload["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(version, app.Version);
    }

    [Fact]
    public async Task ASourceOnlyKeyCannotDetachDeleteASourceCitedByOtherKinds()
    {
        using var app = new Application();
        var version = app.Version;

        var data = await app.Client(SourceOnlyKey).QueryAsync($$"""
            mutation { deleteSource(input: { key: "{{Report}}", detach: true }) { outcome errors { ... on Error { code message path } } } }
            """);

        var error = data["deleteSource"]!["errors"]![0]!;
        Assert.Equal("FORBIDDEN", error["code"]!.GetValue<string>());
        Assert.Contains("Official", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(version, app.Version);
        Assert.True(await ExistsAsync(app.Client(), "sources", Report));
    }

    [Fact]
    public async Task ADetachDeleteByAKeyThatMayRecordsTheRemovedCitationOnEachFact()
    {
        using var app = new Application();
        var client = app.Client(TestKeys.Writer);
        const string cited = "{ officials(first: 50) { nodes { key sources { source { key } locator } } } }";
        var citedBefore = (await client.QueryAsync(cited))["officials"]!["nodes"]!.AsArray()
            .Where(n => n!["sources"]!.AsArray().Any(s => s!["source"]!["key"]!.GetValue<string>() == Report))
            .Select(n => n!["key"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(citedBefore);

        var data = await client.QueryAsync($$"""mutation { deleteSource(input: { key: "{{Report}}", detach: true }) { outcome errors { ... on Error { code } } } }""");
        Assert.Equal("DELETED", data["deleteSource"]!["outcome"]!.GetValue<string>());

        var after = (await client.QueryAsync("{ officials(first: 50) { nodes { key history { actor change changes { field previous current } } } } }"))
            ["officials"]!["nodes"]!.AsArray().ToDictionary(n => n!["key"]!.GetValue<string>());
        foreach (var key in citedBefore)
        {
            var latest = after[key]!["history"]![0]!;
            Assert.Equal(("test-writer", "UPDATED"), (latest["actor"]!.GetValue<string>(), latest["change"]!.GetValue<string>()));
            var change = latest["changes"]![0]!;
            Assert.Equal("citation", change["field"]!.GetValue<string>());
            Assert.Contains(Report, change["previous"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Null(change["current"]);
        }
    }

    [Fact]
    public async Task AnAliasedDocumentWithAKindTheKeyMayNotWriteIsRefusedWholeWithNothingWritten()
    {
        using var app = new Application();
        var version = app.Version;

        var (status, body) = await SendAsync(app.Client(SourceOnlyKey), """
            mutation { a: upsertSource(input: { key: "alias-src", title: "Alias src", editorial: true }) { outcome }
                       b: upsertTopic(input: { key: "alias-topic", name: "x", editorial: true }) { outcome } }
            """);

        Assert.Equal((HttpStatusCode.Forbidden, "FORBIDDEN"), (status, Code(body)));
        Assert.Contains("Topic", body["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(body["data"]);
        Assert.Equal(version, app.Version);
        Assert.False(await ExistsAsync(app.Client(), "sources", "alias-src"));
    }

    [Theory]
    [InlineData("""mutation($c: [ChangeInput!]!) { a: upsertSource(input: { key: "alias-src", title: "S", editorial: true }) { outcome } b: applyChanges(input: { changes: $c }) { revision } }""")]
    [InlineData("""mutation($c: [ChangeInput!]!) { a: upsertSource(input: { key: "alias-src", title: "S", editorial: true }) { outcome } ...F } fragment F on Mutation { b: applyChanges(input: { changes: $c }) { revision } }""")]
    public async Task KindsInApplyChangesVariablesAreCheckedBeforeAnyFieldRuns(string document)
    {
        using var app = new Application();
        var version = app.Version;
        var variables = new { c = new object[] { new { upsertTopic = new { key = "alias-topic", name = "x", editorial = true } } } };

        var (status, body) = await SendAsync(app.Client(SourceOnlyKey), document, variables);

        Assert.Equal((HttpStatusCode.Forbidden, "FORBIDDEN"), (status, Code(body)));
        Assert.Equal(version, app.Version);
        Assert.False(await ExistsAsync(app.Client(), "sources", "alias-src"));
    }

    [Fact]
    public async Task ASourceOnlyKeyStillWritesSources()
    {
        using var app = new Application();

        var data = await app.Client(SourceOnlyKey).QueryAsync("""
            mutation { a: upsertSource(input: { key: "own-src", title: "Own", editorial: true }) { outcome }
                       b: applyChanges(input: { changes: [{ upsertSource: { key: "own-src-2", title: "Own 2", editorial: true } }] }) { revision } }
            """);

        Assert.Equal("CREATED", data["a"]!["outcome"]!.GetValue<string>());
        Assert.True(await ExistsAsync(app.Client(), "sources", "own-src-2"));
    }

    [Fact]
    public async Task AnHttpImportMovesTheGraphVersionSoNoCachedAnswerOutlivesIt()
    {
        using var app = new Application();
        var reader = app.Client();
        const string query = "{ officials(first: 50) { nodes { key description } } }";
        await reader.QueryAsync(query);
        var version = app.Version;
        const string document = """
            { "entities": [ { "kind": "Official", "key": "xi-jinping", "name": "Xi Jinping", "description": "CHANGED BY IMPORT",
                              "properties": { "title": "General Secretary of the Chinese Communist Party" } } ] }
            """;

        using var import = await app.Client(TestKeys.Admin).PostAsync("/graph/import", new StringContent(document, System.Text.Encoding.UTF8, "application/json"));
        var after = await reader.QueryAsync(query);

        Assert.True(import.IsSuccessStatusCode, await import.Content.ReadAsStringAsync());
        Assert.True(app.Version > version);
        Assert.Contains(after["officials"]!["nodes"]!.AsArray(), n => n!["description"]?.GetValue<string>() == "CHANGED BY IMPORT");
    }

    [Fact]
    public async Task TheSdlObeysReadsRequireKey()
    {
        using var app = new Application(("Security:ReadsRequireKey", "true"));

        using var anonymous = await app.Client().GetAsync("/graphql/schema.graphql");
        using var reader = await app.Client(TestKeys.Reader).GetAsync("/graphql/schema.graphql");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.DoesNotContain("type Query", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, reader.StatusCode);
        Assert.Contains("type Query", await reader.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswersCarryHardeningHeadersAndNoServerBanner()
    {
        using var app = new Application();
        using var client = new HttpClient { BaseAddress = app.StartKestrel() };

        foreach (var path in new[] { "/graphql?query=%7B__typename%7D", "/graph/export", "/graphql/schema.graphql" })
        {
            using var response = await client.GetAsync(path);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
            // A GET query's answer is revalidated by its ETag (GraphQLHttp/Caching); every other answer is never stored.
            Assert.True(path.StartsWith("/graphql?", StringComparison.Ordinal)
                ? response.Headers is { ETag: not null, CacheControl: { Private: true, MustRevalidate: true, NoStore: false } }
                : response.Headers.CacheControl?.NoStore, path);
            // A tagged answer also varies by what selects its representation: the media type and a cost report.
            Assert.Equal(
                path.StartsWith("/graphql?", StringComparison.Ordinal) ? ["Accept", "Authorization", "GraphQL-Cost", "X-Api-Key"] : ["Authorization", "X-Api-Key"],
                response.Headers.Vary.Order(StringComparer.Ordinal));
            Assert.False(response.Headers.Contains("Server"), path);
        }

        using var health = await client.GetAsync("/health");
        Assert.Equal("nosniff", string.Join(",", health.Headers.GetValues("X-Content-Type-Options")));
    }
}
