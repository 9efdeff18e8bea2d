using Microsoft.AspNetCore.Hosting;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Mcp;

/// <summary>
/// The MCP endpoint takes the API key from its HTTP request's headers, as /graphql does: with
/// <c>Security:ReadsRequireKey</c> a tool call without a key (or with a bad one) is a tool error UNAUTHENTICATED.
/// And the endpoint answers over a real socket (Kestrel on a free port).
/// </summary>
public sealed class McpAccessTests
{
    private sealed class ReadsRequireKeyApplication : TradeGraphApplication
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Security:ReadsRequireKey", "true");
        }
    }

    [Fact]
    public async Task WhenReadsRequireAKeyACallWithoutOneIsRefusedAndAReaderKeyIsServed()
    {
        using var app = new ReadsRequireKeyApplication();

        await using (var anonymous = await McpTestClient.ConnectAsync(app.CreateClient()))
        {
            var refused = await anonymous.CallAsync("get_entity", new { key = "scott-bessent" });
            Assert.Equal(["UNAUTHENTICATED"], refused.ErrorCodes());
            Assert.DoesNotContain("Bessent", refused.Text(), StringComparison.Ordinal);
        }

        await using (var badKey = await McpTestClient.ConnectAsync(app.CreateClient().WithKey("not-a-key")))
        {
            Assert.Equal(["UNAUTHENTICATED"], (await badKey.CallAsync("search_entities", new { text = "Bessent" })).ErrorCodes());
        }

        await using var reader = await McpTestClient.ConnectAsync(app.CreateClient().WithKey(TestKeys.Reader));
        var served = await reader.CallAsync("get_entity", new { key = "scott-bessent" });
        Assert.Equal("scott-bessent", served.Structured().GetProperty("key").GetString());
    }

    [Fact]
    public async Task AnswersOverARealSocket()
    {
        using var app = new TradeGraphApplication();
        var address = app.StartKestrel();

        await using var client = await McpTestClient.ConnectAsync(new HttpClient { BaseAddress = address });
        Assert.Contains(await client.ListToolsAsync(), t => t.Name == "search_entities");
        var hits = (await client.CallAsync("search_entities", new { text = "Xi Jinping", first = 1 })).Structured().GetProperty("hits");
        Assert.Equal("xi-jinping", hits[0].GetProperty("key").GetString());

        // Bodies are capped as /graphql's are (GraphQL:Http:MaxRequestBodyBytes, 1 MB): Kestrel refuses a larger one.
        using var http = new HttpClient { BaseAddress = address };
        var arguments = new { query = "{ officials { nodes { name } } }", variables = new { x = new string('a', 2_000_000) } };
        using var body = new StringContent(
            System.Text.Json.JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 1, method = "tools/call", @params = new { name = "graphql_query", arguments } }),
            System.Text.Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = body };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
