using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.GraphQLHttp;

/// <summary>Status codes and media types of the transport, and bad input that must never become a 500 or a hang.</summary>
[Collection(ApplicationCollection.Name)]
public sealed class GraphQLHttpTransportTests(TradeGraphApplication application)
{
    private readonly HttpClient _client = application.CreateClient(new() { AllowAutoRedirect = false });

    [Fact]
    public async Task GetRunsAQuery()
    {
        using var response = await _client.GetAsync("/graphql?query=" + Uri.EscapeDataString("{ countries(first: 1) { nodes { key } } }"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("china", body["data"]!["countries"]!["nodes"]![0]!["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetRefusesAMutationWith405AndAllow()
    {
        using var response = await _client.GetAsync("/graphql?query=" + Uri.EscapeDataString("mutation { __typename }"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task OtherMethodsGet405WithAllow()
    {
        using var response = await _client.PutAsync("/graphql", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "POST"], response.Content.Headers.Allow.Order());
    }

    [Theory]
    [InlineData("application/graphql-response+json", "application/graphql-response+json")]
    [InlineData("application/json", "application/json")]
    [InlineData("application/graphql-response+json, application/json;q=0.9", "application/graphql-response+json")]
    [InlineData("application/json, application/graphql-response+json;q=0.5", "application/json")]
    [InlineData("*/*", "application/json")]
    public async Task NegotiatesTheResponseMediaType(string accept, string expected)
    {
        using var request = Post("""{"query":"{ __typename }"}""");
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
    }

    [Fact]
    public async Task UnacceptableMediaTypeGets406()
    {
        using var request = Post("""{"query":"{ __typename }"}""");
        request.Headers.TryAddWithoutValidation("Accept", "text/plain");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"query\":", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("not json at all", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{\"query\": 42}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{\"query\": \"{ __typename }\", \"variables\": [1]}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{\"query\": \"{ __typename }\", \"operationName\": {}}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("[]", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{ __typename }", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("{\"query\":\"{ __typename }\"}", "application/json; charset=latin1", HttpStatusCode.UnsupportedMediaType)]
    public async Task MalformedRequestsGetA4xx(string body, string contentType, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body) };
        request.Content.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await _client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]);
    }

    [Fact]
    public async Task UnknownFieldIsAValidationErrorWith400ForGraphQLResponseJson()
    {
        using var request = Post("""{"query":"{ officials { nodes { shoeSize } } }"}""");
        request.Headers.TryAddWithoutValidation("Accept", "application/graphql-response+json");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.False(body.ContainsKey("data"));
        Assert.Contains("shoeSize", body["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongVariableTypeIsACoercionError()
    {
        var codes = await _client.ErrorCodesAsync("query ($n: Int) { officials(first: $n) { totalCount } }", new { n = "ten" });

        Assert.NotEmpty(codes);
    }

    [Fact]
    public async Task DeeplyNestedDocumentIsRefusedNotCrashed()
    {
        var depth = 5_000;
        var query = string.Concat(Enumerable.Repeat("{ a ", depth)) + string.Concat(Enumerable.Repeat("}", depth));

        using var response = await _client.SendAsync(Post(new JsonObject { ["query"] = query }.ToJsonString()));

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"got {(int)response.StatusCode}");
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]);
    }

    [Fact]
    public async Task QueryNestedBeyondTheDepthLimitIsRefused()
    {
        var query = "{ meetings { nodes { " + string.Concat(Enumerable.Repeat("participants { nodes { meetings { nodes { ", 8))
            + "key" + string.Concat(Enumerable.Repeat(" } } } }", 8)) + " } } }";

        var codes = await _client.ErrorCodesAsync(query);

        Assert.Contains("MAX_DEPTH_EXCEEDED", codes);
    }

    [Fact]
    public async Task HugeDocumentGetsA4xx()
    {
        var query = "{ " + string.Concat(Enumerable.Repeat("__typename ", 200_000)) + "}";

        using var response = await _client.SendAsync(Post(new JsonObject { ["query"] = query }.ToJsonString()));

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"got {(int)response.StatusCode}");
    }

    [Fact]
    public async Task ServesTheSchemaAsSdl()
    {
        var sdl = await _client.GetStringAsync("/graphql/schema.graphql");

        Assert.Contains("interface Entity implements Node", sdl, StringComparison.Ordinal);
        Assert.Contains("scalar Date", sdl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthReportsHealthy()
    {
        var body = await _client.GetStringAsync("/health");

        Assert.Equal("Healthy", body);
    }

    [Fact]
    public async Task BrowserGetOfTheEndpointOpensTheIde()
    {
        using var redirect = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        redirect.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        using var redirected = await _client.SendAsync(redirect);
        using var page = new HttpRequestMessage(HttpMethod.Get, "/graphql/");
        page.Headers.TryAddWithoutValidation("Accept", "text/html");
        using var served = await _client.SendAsync(page);
        var config = JsonNode.Parse(await _client.GetStringAsync("/graphql/bcp-config.json"))!;

        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.Equal("/graphql/", redirected.Headers.Location!.OriginalString);
        Assert.Contains("<title>Banana Cake Pop</title>", await served.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(config["useBrowserUrlAsEndpoint"]!.GetValue<bool>());
    }

    private static HttpRequestMessage Post(string json) =>
        new(HttpMethod.Post, "/graphql") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
