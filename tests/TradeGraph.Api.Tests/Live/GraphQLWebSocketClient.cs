using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TradeGraph.Api.Tests.Live;

/// <summary>A graphql-transport-ws client over the in-process test server, reading one message at a time.</summary>
public sealed class GraphQLWebSocketClient(WebSocket socket, CancellationToken cancellationToken) : IDisposable
{
    public const string SubProtocol = "graphql-transport-ws";

    public WebSocket Socket { get; } = socket;

    public static async Task<GraphQLWebSocketClient> ConnectAsync(
        WebApplicationFactory<Program> application, CancellationToken cancellationToken, string? subProtocol = SubProtocol)
    {
        var client = application.Server.CreateWebSocketClient();
        if (subProtocol is not null)
        {
            client.SubProtocols.Add(subProtocol);
        }

        var socket = await client.ConnectAsync(new Uri(application.Server.BaseAddress, "graphql"), cancellationToken);
        return new GraphQLWebSocketClient(socket, cancellationToken);
    }

    /// <summary>Connects and completes connection_init / connection_ack.</summary>
    public static async Task<GraphQLWebSocketClient> ConnectAndInitAsync(WebApplicationFactory<Program> application, CancellationToken cancellationToken)
    {
        var client = await ConnectAsync(application, cancellationToken);
        await client.SendAsync(new { type = "connection_init" });
        Assert.Equal("connection_ack", (await client.ReceiveAsync())["type"]!.GetValue<string>());
        return client;
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { id, type = "subscribe", payload = new { query, variables } });

    public async Task SendTextAsync(string text) =>
        await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>The next message; fails if the server closes instead.</summary>
    public async Task<JsonObject> ReceiveAsync()
    {
        var (text, close) = await ReceiveMessageAsync();
        Assert.True(text is not null, $"Expected a message, the server closed: {close}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Waits for the server to close the socket (answering it) and returns the code and reason; fails on any message first.</summary>
    public async Task<(int Code, string? Reason)> ReceiveCloseAsync()
    {
        var (text, close) = await ReceiveMessageAsync();
        Assert.True(text is null, $"Expected the socket to close, got {text}");
        return close!.Value;
    }

    private async Task<(string? Text, (int Code, string? Reason)? Close)> ReceiveMessageAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await Socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                var close = ((int)Socket.CloseStatus!.Value, Socket.CloseStatusDescription);
                if (Socket.State == WebSocketState.CloseReceived)
                {
                    await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cancellationToken);
                }

                return (null, close);
            }

            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return (Encoding.UTF8.GetString(message.ToArray()), null);
            }
        }
    }

    public void Dispose() => Socket.Dispose();
}
