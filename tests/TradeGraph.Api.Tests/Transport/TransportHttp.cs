using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TradeGraph.Api.Tests.Transport;

/// <summary>Raw HTTP helpers for the transport tests: any JSON body, any Accept, the status and parsed body back.</summary>
internal static class TransportHttp
{
    public const string GraphQLResponse = "application/graphql-response+json";

    public static string Sha256(string document) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));

    public static object PersistedQuery(string hash, int version = 1) => new { persistedQuery = new { version, sha256Hash = hash } };

    public static async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(HttpClient client, object body, string accept = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    public static async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(HttpClient client, string queryString, string accept = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?" + queryString);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await client.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    /// <summary>A query string of name=value pairs, each value escaped (objects as JSON).</summary>
    public static string Query(params (string Name, object Value)[] parameters) =>
        string.Join('&', parameters.Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value as string ?? JsonSerializer.Serialize(p.Value))));

    public static string Code(JsonNode body, int error = 0) => body["errors"]![error]!["extensions"]!["code"]!.GetValue<string>();

    public static string Message(JsonNode body, int error = 0) => body["errors"]![error]!["message"]!.GetValue<string>();
}
