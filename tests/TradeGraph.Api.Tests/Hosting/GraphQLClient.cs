using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TradeGraph.Api.Tests.Hosting;

/// <summary>Posts GraphQL documents the way a frontend does and hands back the parsed response.</summary>
public static class GraphQLClient
{
    public static async Task<JsonObject> PostAsync(this HttpClient client, string query, object? variables = null)
    {
        using var response = await client.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Posts and asserts there were no errors; returns <c>data</c>.</summary>
    public static async Task<JsonObject> QueryAsync(this HttpClient client, string query, object? variables = null)
    {
        var response = await client.PostAsync(query, variables);
        Assert.False(response.ContainsKey("errors"), "Unexpected errors: " + response["errors"]?.ToJsonString());
        return response["data"]!.AsObject();
    }

    /// <summary>Posts and returns the codes of the errors (there must be some).</summary>
    public static async Task<string[]> ErrorCodesAsync(this HttpClient client, string query, object? variables = null)
    {
        var response = await client.PostAsync(query, variables);
        Assert.True(response.ContainsKey("errors"), "Expected errors, got " + response.ToJsonString());
        return [.. response["errors"]!.AsArray().Select(e => e!["extensions"]?["code"]?.GetValue<string>() ?? "")];
    }

    public static string Pretty(this JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
