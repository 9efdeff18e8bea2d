using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Replicas;

/// <summary>
/// Two replicas as two OS processes (the built API run by the dotnet host, each on a free port) on one SQLite file: nothing
/// is shared but the file. A write through A reaches B's WebSocket subscriber and B's reads, through B's revision
/// follower. Waits are for a state (a message, an answer), with generous deadlines; the processes die in Dispose.
/// </summary>
public sealed class ReplicaProcessTests : IDisposable
{
    private const string Key = "two-process-envoy";

    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-replica-processes-").FullName;
    private readonly CancellationTokenSource _patience = new(TimeSpan.FromMinutes(3));
    private readonly List<ServerProcess> _servers = [];

    private CancellationToken Token => _patience.Token;

    [Fact]
    public async Task AWriteThroughProcessAReachesProcessBsSubscriberAndReads()
    {
        var database = Path.Combine(_folder, "store.db");
        // A seeds the empty file; B then opens it seeded.
        var a = await StartAsync(database);
        var b = await StartAsync(database);

        // Replayed from the revision log first (afterRevision), so the event arrives however late the subscription starts.
        using var socket = await SubscribeAsync(b.Address,
            $$"""subscription { graphChanged(afterRevision: 0, kinds: ["Official"], keys: ["{{Key}}"]) { change key entity { ... on Official { name } } } }""");
        using var writer = new HttpClient { BaseAddress = a.Address };
        writer.DefaultRequestHeaders.Add("X-Api-Key", TestKeys.Writer);
        using var written = await writer.PostAsJsonAsync("/graphql",
            new { query = $$"""mutation { upsertOfficial(input: { key: "{{Key}}", name: "Two Process Envoy", editorial: true }) { outcome } }""" }, Token);
        var outcome = JsonNode.Parse(await written.Content.ReadAsStringAsync(Token))!["data"]!["upsertOfficial"]!["outcome"]!.GetValue<string>();

        var change = await NextChangeAsync(socket);
        using var reader = new HttpClient { BaseAddress = b.Address };
        using var read = await reader.PostAsJsonAsync("/graphql",
            new { query = $$"""{ officials(where: { key: { eq: "{{Key}}" } }) { nodes { name } } }""" }, Token);
        var nodes = JsonNode.Parse(await read.Content.ReadAsStringAsync(Token))!["data"]!["officials"]!["nodes"]!.AsArray();

        Assert.Equal("CREATED", outcome);
        Assert.Equal("""{"change":"CREATED","key":"two-process-envoy","entity":{"name":"Two Process Envoy"}}""", change.ToJsonString());
        // B publishes a change only once its read model holds it: the read right after the event sees the write.
        Assert.Equal("Two Process Envoy", Assert.Single(nodes)!["name"]!.GetValue<string>());
    }

    public void Dispose()
    {
        foreach (var server in _servers)
        {
            server.Dispose();
        }

        _patience.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<ServerProcess> StartAsync(string database)
    {
        var server = await ServerProcess.StartAsync(database, Token);
        _servers.Add(server);
        return server;
    }

    private async Task<ClientWebSocket> SubscribeAsync(Uri address, string query)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(new UriBuilder(address) { Scheme = "ws", Path = "/graphql" }.Uri, Token);
        await SendAsync(socket, new { type = "connection_init" });
        Assert.Equal("connection_ack", (await ReceiveAsync(socket))["type"]!.GetValue<string>());
        await SendAsync(socket, new { id = "replica", type = "subscribe", payload = new { query } });
        return socket;
    }

    private async Task<JsonNode> NextChangeAsync(ClientWebSocket socket)
    {
        var message = await ReceiveAsync(socket);
        Assert.Equal("next", message["type"]!.GetValue<string>());
        return message["payload"]!["data"]!["graphChanged"]!;
    }

    private async Task SendAsync(ClientWebSocket socket, object message) =>
        await socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message)), WebSocketMessageType.Text, endOfMessage: true, Token);

    private async Task<JsonObject> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, Token);
            Assert.NotEqual(WebSocketMessageType.Close, received.MessageType);
            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return JsonNode.Parse(message.ToArray())!.AsObject();
            }
        }
    }
}
