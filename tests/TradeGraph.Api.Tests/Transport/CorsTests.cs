using System.Net;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Transport;

/// <summary>CORS on /graphql for the configured origins (<see cref="TransportApplication.AllowedOrigin"/>).</summary>
public sealed class CorsTests(TransportApplication application) : IClassFixture<TransportApplication>
{
    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/graphql");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type, x-api-key");
        return request;
    }

    [Fact]
    public async Task AnAllowedOriginPassesThePreflightAndReadsTheAnswerAndItsETag()
    {
        using var client = application.CreateClient();
        using var preflight = Preflight(TransportApplication.AllowedOrigin);
        using var get = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("{ __typename }"));
        get.Headers.Add("Origin", TransportApplication.AllowedOrigin);

        using var preflightResponse = await client.SendAsync(preflight);
        using var response = await client.SendAsync(get);

        Assert.Equal(HttpStatusCode.NoContent, preflightResponse.StatusCode);
        Assert.Equal(TransportApplication.AllowedOrigin, preflightResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", preflightResponse.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("x-api-key", preflightResponse.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(TransportApplication.AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("ETag", response.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherOriginGetsNoCorsHeaders()
    {
        using var client = application.CreateClient();
        using var preflight = Preflight("https://elsewhere.example.test");

        using var response = await client.SendAsync(preflight);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}

/// <summary>CORS is off by default: no CORS headers, and OPTIONS stays a method /graphql does not serve.</summary>
[Collection(ApplicationCollection.Name)]
public sealed class CorsOffByDefaultTests(TradeGraphApplication application)
{
    [Fact]
    public async Task WithoutConfiguredOriginsThereAreNoCorsHeaders()
    {
        using var client = application.CreateClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/graphql");
        preflight.Headers.Add("Origin", TransportApplication.AllowedOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");

        using var response = await client.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
