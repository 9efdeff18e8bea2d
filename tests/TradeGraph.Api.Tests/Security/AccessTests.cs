using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Security;

/// <summary>Who may write, over a real socket: no key, a bad key, a read-only key, a key limited to some kinds.</summary>
public sealed class AccessTests : IClassFixture<TradeGraphApplication>
{
    private const string Write = """mutation { upsertCountry(input: { key: "access-land", name: "Access Land", isoCode: "AL", editorial: true }) { outcome errors { __typename } } }""";

    private readonly TradeGraphApplication _application;
    private readonly Uri _address;

    public AccessTests(TradeGraphApplication application)
    {
        _application = application;
        _address = application.StartKestrel();
    }

    private async Task<(HttpStatusCode Status, JsonObject Body, HttpResponseMessage Response)> SendAsync(string query, Action<HttpRequestMessage>? authorize = null)
    {
        using var client = new HttpClient { BaseAddress = _address };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query }) };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        authorize?.Invoke(request);
        var response = await client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return (response.StatusCode, body, response);
    }

    private static string Code(JsonObject body) => body["errors"]![0]!["extensions"]!["code"]!.GetValue<string>();

    [Fact]
    public async Task AWriteWithoutAKeyIs401Unauthenticated()
    {
        var (status, body, response) = await SendAsync(Write);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("UNAUTHENTICATED", Code(body));
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Null(body["data"]);
    }

    [Fact]
    public async Task AWriteWithAnUnknownKeyIs401()
    {
        var (status, body, _) = await SendAsync(Write, r => r.Headers.Authorization = new("Bearer", "not-a-real-key"));

        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHENTICATED"), (status, Code(body)));
    }

    [Fact]
    public async Task AReadOnlyKeyCannotWrite()
    {
        var (status, body, _) = await SendAsync(Write, r => r.Headers.Add("X-Api-Key", TestKeys.Reader));

        Assert.Equal((HttpStatusCode.Forbidden, "FORBIDDEN"), (status, Code(body)));
    }

    [Fact]
    public async Task ReadsAreOpenByDefault()
    {
        var (status, body, _) = await SendAsync("{ countries(first: 1) { nodes { key } } }");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.ContainsKey("errors"));
    }

    [Fact]
    public async Task AWriteKeyWritesAsBearerOrXApiKey()
    {
        var (bearer, bearerBody, _) = await SendAsync(Write, r => r.Headers.Authorization = new("Bearer", TestKeys.Writer));
        var (header, headerBody, _) = await SendAsync(Write, r => r.Headers.Add("X-Api-Key", TestKeys.Admin));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (bearer, header));
        Assert.Equal(["CREATED", "UNCHANGED"],
            new[] { bearerBody, headerBody }.Select(b => b["data"]!["upsertCountry"]!["outcome"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AKeyLimitedToSomeKindsCannotWriteOthers()
    {
        var officials = (Action<HttpRequestMessage>)(r => r.Headers.Add("X-Api-Key", TestKeys.OfficialsOnly));
        var (allowed, allowedBody, _) = await SendAsync(
            """mutation { upsertOfficial(input: { key: "limited-official", name: "Limited", editorial: true }) { outcome } }""", officials);
        var (_, countryBody, _) = await SendAsync(Write, officials);
        var (_, linkBody, _) = await SendAsync(
            """mutation { connectRepresents(input: { from: "limited-official", to: "china", editorial: true }) { outcome } }""", officials);
        var (_, batchBody, _) = await SendAsync(
            """mutation { applyChanges(input: { changes: [{ upsertOfficial: { key: "limited-two", name: "Two", editorial: true } }, { upsertCountry: { key: "limited-land", name: "L", isoCode: "LL", editorial: true } }] }) { revision } }""", officials);

        Assert.Equal(HttpStatusCode.OK, allowed);
        Assert.Equal("CREATED", allowedBody["data"]!["upsertOfficial"]!["outcome"]!.GetValue<string>());
        Assert.Equal("FORBIDDEN", Code(countryBody));
        Assert.Equal("FORBIDDEN", Code(linkBody));
        Assert.Equal("FORBIDDEN", Code(batchBody));
        Assert.Contains("Country", countryBody["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACachedMutationDocumentIsStillCheckedAndRefusedOverGet()
    {
        await SendAsync(Write, r => r.Headers.Add("X-Api-Key", TestKeys.Writer));

        var (status, body, _) = await SendAsync(Write);
        using var client = new HttpClient { BaseAddress = _address };
        using var get = await client.GetAsync("/graphql?query=" + Uri.EscapeDataString(Write));

        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHENTICATED"), (status, Code(body)));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }

    [Fact]
    public void NoDataProtectionIsRegisteredForApiKeys()
    {
        // An API key is compared with its hash; nothing is signed or encrypted. AddAuthentication's data protection would
        // create (and log a warning about) an unencrypted key ring file in the home folder on every fresh start.
        Assert.Null(_application.Services.GetService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>());
        Assert.DoesNotContain(_application.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(),
            service => service.GetType().Namespace?.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal) == true);
    }
}

/// <summary>With <c>Security:ReadsRequireKey</c>, reads need a key with the read scope too.</summary>
public sealed class ClosedReadsTests : IClassFixture<ClosedReadsTests.ClosedApplication>
{
    private readonly HttpClient _client;

    public ClosedReadsTests(ClosedApplication application) => _client = application.CreateClient();

    [Fact]
    public async Task AReadWithoutAKeyIsRefusedAndWithAReadKeyAnswered()
    {
        using var anonymous = await _client.PostAsJsonAsync("/graphql", new { query = "{ countries(first: 1) { nodes { key } } }" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = "{ countries(first: 1) { nodes { key } } }" }) };
        request.Headers.Add("X-Api-Key", TestKeys.Reader);
        using var withKey = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("UNAUTHENTICATED", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.DoesNotContain("errors", await withKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The test application with reads closed.</summary>
    public sealed class ClosedApplication : TradeGraphApplication
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Security:ReadsRequireKey", "true");
        }
    }
}
