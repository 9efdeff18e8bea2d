using System.Text.Json.Nodes;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Tests.Live;

/// <summary>
/// The legacy Apollo subprotocol (subscriptions-transport-ws, named <c>graphql-ws</c>) beside graphql-transport-ws on the
/// same endpoint, end to end over the test server: init / ack / ka, start / data / error / complete, stop,
/// connection_terminate, and a refused key. The same connection runs it; only the framing differs.
/// </summary>
public sealed class LegacyGraphQLWsTests(TradeGraphApplication application) : IClassFixture<TradeGraphApplication>, IDisposable
{
    private const string Legacy = "graphql-ws";

    private readonly CancellationTokenSource _patience = new(TimeSpan.FromSeconds(60));

    private CancellationToken Token => _patience.Token;

    private GraphChangeFeed Feed => application.Services.GetRequiredService<GraphChangeFeed>();

    [Fact]
    public async Task ASubscriptionDeliversAMutationsEventAsDataAndStopEndsIt()
    {
        using var client = await ConnectAndInitAsync(application);
        Assert.Equal(Legacy, client.Socket.SubProtocol);
        await client.SendAsync(new { id = "officials", type = "start", payload = new { query = """subscription { graphChanged(kinds: ["Official"]) { change key } }""" } });
        await Feed.WaitForSubscribersAsync(1, Token);
        using var http = application.CreateClient().WithKey(TestKeys.Writer);

        await http.QueryAsync("""mutation { upsertOfficial(input: { key: "legacy-official", name: "Legacy Official", editorial: true }) { outcome } }""");
        var data = await ReceiveSkippingKeepAliveAsync(client);
        await client.SendAsync(new { id = "officials", type = "stop" });
        await Feed.WaitForSubscribersAsync(0, Token);
        await client.SendAsync(new { type = "connection_terminate" });

        Assert.Equal(("data", "officials"), (data["type"]!.GetValue<string>(), data["id"]!.GetValue<string>()));
        Assert.Equal("""{"change":"CREATED","key":"legacy-official"}""", data["payload"]!["data"]!["graphChanged"]!.ToJsonString());
        Assert.Equal(1000, (await client.ReceiveCloseAsync()).Code);
    }

    [Fact]
    public async Task AQueryIsDataThenCompleteAndAnOperationThatCannotRunIsOneError()
    {
        using var client = await ConnectAndInitAsync(application);

        await client.SendAsync(new { id = "q", type = "start", payload = new { query = "{ officials(first: 1) { nodes { key } } }" } });
        var data = await ReceiveSkippingKeepAliveAsync(client);
        var complete = await ReceiveSkippingKeepAliveAsync(client);
        await client.SendAsync(new { id = "bad", type = "start", payload = new { query = """subscription { graphChanged(kinds: ["Minister"]) { key } }""" } });
        var error = await ReceiveSkippingKeepAliveAsync(client);

        Assert.Equal(("data", "q"), (data["type"]!.GetValue<string>(), data["id"]!.GetValue<string>()));
        Assert.Single(data["payload"]!["data"]!["officials"]!["nodes"]!.AsArray());
        Assert.Equal(("complete", "q"), (complete["type"]!.GetValue<string>(), complete["id"]!.GetValue<string>()));
        Assert.Equal(("error", "bad"), (error["type"]!.GetValue<string>(), error["id"]!.GetValue<string>()));
        // As Hot Chocolate frames it: the error object itself, not a list.
        Assert.IsType<JsonObject>(error["payload"]);
        Assert.Contains("Minister", error["payload"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheServerSendsKaAfterTheAckAndEveryKeepAliveInterval()
    {
        using var quick = application.WithWebHostBuilder(b => b.UseSetting("GraphQL:Subscriptions:KeepAliveInterval", "00:00:00.2"));
        using var client = await GraphQLWebSocketClient.ConnectAsync(quick, Token, Legacy);

        await client.SendAsync(new { type = "connection_init" });

        Assert.Equal("connection_ack", (await client.ReceiveAsync())["type"]!.GetValue<string>());
        Assert.Equal("ka", (await client.ReceiveAsync())["type"]!.GetValue<string>());
        Assert.Equal("ka", (await client.ReceiveAsync())["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task ARefusedKeyGetsConnectionErrorThenTheSocketCloses()
    {
        using var client = await GraphQLWebSocketClient.ConnectAsync(application, Token, Legacy);

        await client.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer not-a-key" } });
        var refusal = await client.ReceiveAsync();

        Assert.Equal("connection_error", refusal["type"]!.GetValue<string>());
        Assert.Equal("Forbidden", refusal["payload"]!["message"]!.GetValue<string>());
        Assert.Equal(4403, (await client.ReceiveCloseAsync()).Code);
    }

    [Fact]
    public async Task AnotherProtocolsMessageIsRefusedWith4400()
    {
        using var client = await ConnectAndInitAsync(application);

        // graphql-transport-ws's name for start is not a legacy message.
        await client.SendAsync(new { id = "s", type = "subscribe", payload = new { query = "{ __typename }" } });

        Assert.Equal(4400, (await client.ReceiveCloseAsync()).Code);
    }

    public void Dispose() => _patience.Dispose();

    private async Task<GraphQLWebSocketClient> ConnectAndInitAsync(TradeGraphApplication app)
    {
        var client = await GraphQLWebSocketClient.ConnectAsync(app, Token, Legacy);
        await client.SendAsync(new { type = "connection_init" });
        Assert.Equal("connection_ack", (await client.ReceiveAsync())["type"]!.GetValue<string>());
        // The first keep-alive follows the acknowledgement at once; the next only after the interval (15 s by default).
        Assert.Equal("ka", (await client.ReceiveAsync())["type"]!.GetValue<string>());
        return client;
    }

    /// <summary>The next message other than the server's keep-alive.</summary>
    private static async Task<JsonObject> ReceiveSkippingKeepAliveAsync(GraphQLWebSocketClient client)
    {
        while (true)
        {
            var message = await client.ReceiveAsync();
            if (message["type"]!.GetValue<string>() != "ka")
            {
                return message;
            }
        }
    }
}
