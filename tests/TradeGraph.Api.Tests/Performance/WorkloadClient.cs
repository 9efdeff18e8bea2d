using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using TradeGraph.Api.GraphQLHttp;

namespace TradeGraph.Api.Tests.Performance;

/// <summary>Sends a workload's pre-serialized body, so the guard measures the server and not the building of requests.</summary>
internal static class WorkloadClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>Posts the workload and returns the response body's bytes (asserting HTTP 200).</summary>
    public static async Task<byte[]> SendAsync(HttpClient client, Workload workload, bool reportCost = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(workload.Body) };
        request.Content.Headers.ContentType = Json;
        if (reportCost)
        {
            request.Headers.Add(GraphQLCostHeader.Name, "report");
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"{workload.Name}: HTTP {(int)response.StatusCode}");
        return body;
    }

    /// <summary>Posts the workload and returns the parsed response, asserting data came back without errors.</summary>
    public static async Task<JsonObject> QueryAsync(HttpClient client, Workload workload, bool reportCost = false)
    {
        var response = JsonNode.Parse(await SendAsync(client, workload, reportCost))!.AsObject();
        Assert.False(response.ContainsKey("errors"), $"{workload.Name}: unexpected errors {response["errors"]?.ToJsonString()}");
        Assert.NotNull(response["data"]);
        return response;
    }
}
