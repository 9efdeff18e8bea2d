using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using TradeGraph.Api.Commands;
using TradeGraph.Api.Security;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Exchange;

/// <summary>GET /graph/export and POST /graph/import: formats, keys, refusals that change nothing, and a round trip.</summary>
public sealed class GraphExchangeEndpointTests(TradeGraphApplication application) : IClassFixture<TradeGraphApplication>
{
    private readonly HttpClient _client = application.CreateClient();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("seed", "application/json", "\"entities\"")]
    [InlineData("cypher", "text/plain", "MERGE")]
    [InlineData("graphml", "application/graphml+xml", "<graphml")]
    public async Task ExportsEachFormat(string format, string mediaType, string marker)
    {
        using var response = await _client.GetAsync($"/graph/export?format={format}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(marker, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownFormatIs400()
    {
        using var response = await _client.GetAsync("/graph/export?format=csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ImportNeedsAnAdminKey()
    {
        using var anonymous = await _client.PostAsync("/graph/import", Json("{}"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graph/import") { Content = Json("{}") };
        request.Headers.Add("X-Api-Key", TestKeys.Writer);
        using var writer = await _client.SendAsync(request);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden), (anonymous.StatusCode, writer.StatusCode));
    }

    [Fact]
    public async Task ABadDocumentIsRefusedWithItsProblemsAndChangesNothing()
    {
        var before = await _client.QueryAsync("{ officials { totalCount } }");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graph/import")
        {
            Content = Json("""{ "entities": [ { "kind": "Official", "key": "fine-official", "name": "Fine" }, { "kind": "Planet", "key": "mars", "name": "Mars" } ] }"""),
        };
        request.Headers.Add("X-Api-Key", TestKeys.Admin);

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var error = Assert.Single(problem["errors"]!.AsArray())!;
        Assert.Equal("entities[1] 'mars'", error["item"]!.GetValue<string>());
        Assert.Contains("unknown kind 'Planet'", error["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before.ToJsonString(), (await _client.QueryAsync("{ officials { totalCount } }")).ToJsonString());
    }

    [Fact]
    public async Task ExportThenImportIntoAnEmptyStoreGivesAnIdenticalGraphEditorialFactsIncluded()
    {
        var writer = application.CreateClient().WithKey(TestKeys.Writer);
        await writer.QueryAsync("""mutation { upsertOfficial(input: { key: "editorial-envoy", name: "Editorial Envoy", editorial: true }) { outcome } }""");
        var exported = await _client.GetStringAsync("/graph/export");

        using var empty = new EmptyApplication();
        using var target = empty.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graph/import") { Content = Json(exported) };
        request.Headers.Add("X-Api-Key", TestKeys.Admin);
        using var imported = await target.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Contains("editorial-envoy", exported, StringComparison.Ordinal);
        Assert.Equal(exported, await target.GetStringAsync("/graph/export"));
    }

    [Fact]
    public async Task NewKeyPrintsAKeyWhoseHashItConfigures()
    {
        using var output = new StringWriter();

        var code = await GraphCommands.RunAsync(["new-key", "pipeline", "write"], output, TextWriter.Null, CancellationToken.None);

        var lines = output.ToString().Split('\n', StringSplitOptions.TrimEntries);
        var key = lines[1];
        Assert.Equal(0, code);
        Assert.StartsWith("tg_", key, StringComparison.Ordinal);
        Assert.Contains($"Security__ApiKeys__N__Hash={ApiKeyAuthenticationHandler.HashOf(key)}", lines);
        Assert.Contains("Security__ApiKeys__N__Scopes__0=write", lines);
    }

    /// <summary>The application on a store that is not seeded.</summary>
    private sealed class EmptyApplication : TradeGraphApplication
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Seed:LoadWhenEmpty", "false");
        }
    }
}
