using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace TradeGraph.Api.Tests.Mcp;

/// <summary>The MCP SDK's own client against /mcp, over the in-process test server or a real socket.</summary>
internal static class McpTestClient
{
    /// <summary>A client over <paramref name="http"/> (which carries the API key, if any, in its default headers).</summary>
    public static async Task<McpClient> ConnectAsync(HttpClient http)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(http.BaseAddress!, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp },
            http, loggerFactory: null, ownsHttpClient: true);
        return await McpClient.CreateAsync(transport);
    }

    public static Task<CallToolResult> CallAsync(this McpClient client, string tool, object arguments) =>
        client.CallToolAsync(tool, JsonSerializer.SerializeToElement(arguments).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value)).AsTask();

    /// <summary>The structured content of a successful call (fails the test on a tool error, showing it).</summary>
    public static JsonElement Structured(this CallToolResult result)
    {
        Assert.False(result.IsError == true, "tool error: " + result.Text());
        Assert.NotNull(result.StructuredContent);
        return result.StructuredContent!.Value;
    }

    public static string Text(this CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    /// <summary>The codes of a tool error, in order (fails the test when the call succeeded).</summary>
    public static IReadOnlyList<string> ErrorCodes(this CallToolResult result)
    {
        Assert.True(result.IsError == true, "expected a tool error, got: " + result.Text());
        return [.. result.StructuredContent!.Value.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()!)];
    }
}
