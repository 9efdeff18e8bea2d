using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Writing;
using static TradeGraph.Api.Tests.Live.LiveTestSupport;

namespace TradeGraph.Api.Tests.Live;

/// <summary>
/// Writes and live updates together, on an application of their own: a mutation over HTTP reaches a WebSocket
/// subscriber once, after commit; the API key of a socket comes from connection_init.
/// </summary>
public sealed class LiveWriteTests(TradeGraphApplication application) : IClassFixture<TradeGraphApplication>, IDisposable
{
    private readonly CancellationTokenSource _patience = new(Patience);

    private CancellationToken Token => _patience.Token;

    private GraphChangeFeed Feed => application.Services.GetRequiredService<GraphChangeFeed>();

    [Fact]
    public async Task AMutationOverHttpIsPublishedToASubscriberOnceAfterCommit()
    {
        using var client = await GraphQLWebSocketClient.ConnectAndInitAsync(application, Token);
        await client.SubscribeAsync("officials", "subscription { graphChanged(kinds: [\"Official\"]) { change key actor entity { ... on Official { title } } } }");
        await Feed.WaitForSubscribersAsync(1, Token);
        using var http = application.CreateClient().WithKey(TestKeys.Writer);

        await http.QueryAsync("""mutation { upsertOfficial(input: { key: "live-official", name: "Live Official", title: "Envoy", editorial: true }) { outcome } }""");
        await http.QueryAsync("""mutation { upsertOfficial(input: { key: "live-official", name: "Live Official", title: "Envoy", editorial: true }) { outcome } }""");
        await http.QueryAsync("""mutation { upsertPlace(input: { key: "live-place", name: "Busan", editorial: true }) { outcome } }""");
        await http.QueryAsync("""mutation { updateOfficial(input: { key: "live-official", title: "Special envoy", editorial: true }) { outcome } }""");

        var created = (await client.ReceiveAsync())["payload"]!["data"]!["graphChanged"]!;
        var updated = (await client.ReceiveAsync())["payload"]!["data"]!["graphChanged"]!;

        Assert.Equal(("CREATED", "live-official", "test-writer"), (created["change"]!.GetValue<string>(), created["key"]!.GetValue<string>(), created["actor"]!.GetValue<string>()));
        // The unchanged upsert and the Place were not delivered: the next message is the update.
        Assert.Equal(("UPDATED", "Special envoy"), (updated["change"]!.GetValue<string>(), updated["entity"]!["title"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AKeyInConnectionInitLetsTheSocketWrite()
    {
        using var client = await GraphQLWebSocketClient.ConnectAsync(application, Token);
        await client.SendAsync(new { type = "connection_init", payload = new Dictionary<string, string> { ["X-Api-Key"] = TestKeys.Writer } });
        Assert.Equal("connection_ack", (await client.ReceiveAsync())["type"]!.GetValue<string>());

        await client.SubscribeAsync("write", """mutation { upsertTopic(input: { key: "socket-topic", name: "Socket topic", editorial: true }) { outcome } }""");

        var next = await client.ReceiveAsync();
        Assert.Equal("CREATED", next["payload"]!["data"]!["upsertTopic"]!["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task ASocketWithoutAKeyCannotWriteAndABadKeyIsRefused()
    {
        using var anonymous = await GraphQLWebSocketClient.ConnectAndInitAsync(application, Token);
        await anonymous.SubscribeAsync("write", """mutation { upsertTopic(input: { key: "anonymous-topic", name: "No", editorial: true }) { outcome } }""");
        var refused = await anonymous.ReceiveAsync();

        using var bad = await GraphQLWebSocketClient.ConnectAsync(application, Token);
        await bad.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer not-a-key" } });

        Assert.Equal("error", refused["type"]!.GetValue<string>());
        Assert.Equal("UNAUTHENTICATED", refused["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal(4403, (await bad.ReceiveCloseAsync()).Code);
    }

    public void Dispose() => _patience.Dispose();
}
