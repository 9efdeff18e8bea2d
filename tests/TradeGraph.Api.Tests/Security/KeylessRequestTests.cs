using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Security;

/// <summary>
/// ASP.NET Core's authentication runs only for a request that presents a key (UseApiKeys); a request without one is
/// anonymous without it, and every caller's outcome is the same as when it ran for all. The authentication middleware
/// marks each request it sees with an <see cref="IAuthenticationFeature"/>: an outer middleware reads the mark.
/// </summary>
public sealed class KeylessRequestTests(KeylessRequestTests.MarkedApplication application) : IClassFixture<KeylessRequestTests.MarkedApplication>
{
    private const string Read = "{ countries(first: 1) { nodes { key } } }";
    private const string Write = """mutation { upsertCountry(input: { key: "keyless-land", name: "Keyless Land", isoCode: "KL", editorial: true }) { outcome } }""";

    [Fact]
    public async Task ARequestWithoutAKeyIsAnsweredWithoutTheAuthenticationMiddleware()
    {
        var (status, body, authenticated) = await SendAsync(Read, _ => { });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(body["data"]!["countries"]);
        Assert.False(authenticated);
    }

    [Fact]
    public async Task AWriteWithoutAKeyIsStill401Unauthenticated()
    {
        var (status, body, authenticated) = await SendAsync(Write, _ => { });

        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHENTICATED"), (status, Code(body)));
        Assert.False(authenticated);
    }

    [Theory]
    [InlineData("X-Api-Key", "")]
    [InlineData("X-Api-Key", "   ")]
    [InlineData("Authorization", "Bearer")]
    [InlineData("Authorization", "Basic dXNlcjpwYXNz")]
    public async Task AHeaderThatPresentsNoKeyIsAnonymous(string header, string value)
    {
        var (status, body, authenticated) = await SendAsync(Write, r => r.Headers.TryAddWithoutValidation(header, value));

        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHENTICATED"), (status, Code(body)));
        Assert.False(authenticated);
    }

    [Fact]
    public async Task AKeyInEitherHeaderIsAuthenticatedByTheMiddleware()
    {
        var (byHeader, _, headerAuthenticated) = await SendAsync(Write, r => r.Headers.Add("X-Api-Key", TestKeys.Writer));
        var (byBearer, _, bearerAuthenticated) = await SendAsync(Write, r => r.Headers.Authorization = new("Bearer", TestKeys.Writer));

        Assert.Equal((HttpStatusCode.OK, true), (byHeader, headerAuthenticated));
        Assert.Equal((HttpStatusCode.OK, true), (byBearer, bearerAuthenticated));
    }

    [Fact]
    public async Task AnUnknownOrUnderScopedKeyKeepsItsOutcome()
    {
        var (unknown, unknownBody, unknownAuthenticated) = await SendAsync(Read, r => r.Headers.Authorization = new("Bearer", "not-a-real-key"));
        var (reader, readerBody, _) = await SendAsync(Write, r => r.Headers.Add("X-Api-Key", TestKeys.Reader));

        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHENTICATED", true), (unknown, Code(unknownBody), unknownAuthenticated));
        Assert.Equal((HttpStatusCode.Forbidden, "FORBIDDEN"), (reader, Code(readerBody)));
    }

    private async Task<(HttpStatusCode Status, JsonObject Body, bool Authenticated)> SendAsync(string query, Action<HttpRequestMessage> authorize)
    {
        using var client = application.CreateClient();
        var mark = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query }) };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        request.Headers.Add(MarkedApplication.MarkHeader, mark);
        authorize(request);
        var response = await client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return (response.StatusCode, body, application.Authenticated.TryRemove(mark, out var seen) && seen);
    }

    private static string Code(JsonObject body) => body["errors"]![0]!["extensions"]!["code"]!.GetValue<string>();

    /// <summary>The service with an outermost middleware that records, per marked request, whether authentication ran.</summary>
    public sealed class MarkedApplication : TradeGraphApplication
    {
        public const string MarkHeader = "X-Test-Mark";

        public System.Collections.Concurrent.ConcurrentDictionary<string, bool> Authenticated { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new MarkFilter(this)));
        }

        private sealed class MarkFilter(MarkedApplication application) : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use(async (context, following) =>
                {
                    await following(context);
                    if (context.Request.Headers[MarkHeader].ToString() is { Length: > 0 } mark)
                    {
                        application.Authenticated[mark] = context.Features.Get<IAuthenticationFeature>() is not null;
                    }
                });
                next(app);
            };
        }
    }
}
