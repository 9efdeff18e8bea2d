using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TradeGraph.Api.GraphQLHttp;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Api.Tests.Live;
using TradeGraph.Core.Writing;
using static TradeGraph.Api.Tests.Live.LiveTestSupport;

namespace TradeGraph.Api.Tests.Hostile;

/// <summary>
/// The live-update transports under the shapes of the security review (M3, L4, L8), over real loopback sockets:
/// operations per socket, sockets and event streams per caller and in total, a client that never reads, a subscriber
/// that falls behind, a batch larger than the buffer, and a key revoked while its socket is open.
/// </summary>
public sealed class StreamsHostileTests(StreamsApplication application) : IClassFixture<StreamsApplication>, IAsyncLifetime
{
    /// <summary>Each event costs one store call (the country), and its name makes each result about 64 KB.</summary>
    private const string CostlySelection = "graphChanged { key entity { ... on Official { name country { name } } } }";

    private static readonly string BigName = new('x', 64 * 1024);

    private readonly CancellationTokenSource _patience = new(TimeSpan.FromSeconds(30));

    private Uri _server = null!;

    private CancellationToken Token => _patience.Token;

    private GraphChangeFeed Feed => application.Services.GetRequiredService<GraphChangeFeed>();

    private StreamLimits Limits => application.Services.GetRequiredService<StreamLimits>();

    public async Task InitializeAsync()
    {
        _server = application.StartKestrel();
        // Whatever an earlier test opened has gone.
        await WaitUntilAsync(() => Limits.Sockets.Open + Limits.EventStreams.Open + Feed.SubscriberCount == 0);
    }

    public Task DisposeAsync()
    {
        _patience.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task SubscribesOverTheOperationCapGetAnErrorAndTheSocketGoesOn()
    {
        using var client = await ConnectAsync();
        // The review's shape: 300 subscriptions on one socket. The first 64 run, the rest are refused one by one.
        for (var i = 0; i < 300; i++)
        {
            await client.SubscribeAsync($"s{i}", "subscription { graphChanged { key } }");
        }

        for (var i = StreamsApplication.MaxOperationsPerSocket; i < 300; i++)
        {
            var refusal = await client.ReceiveAsync();
            Assert.Equal("error", refusal["type"]!.GetValue<string>());
            Assert.Equal($"s{i}", refusal["id"]!.GetValue<string>());
            Assert.Equal("OPERATION_LIMIT_EXCEEDED", refusal["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
            Assert.Contains("GraphQL:Subscriptions:MaxOperationsPerSocket", refusal["payload"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        await Feed.WaitForSubscribersAsync(StreamsApplication.MaxOperationsPerSocket, Token);

        // The socket is alive, and completing one operation makes room for another.
        await client.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await client.ReceiveAsync())["type"]!.GetValue<string>());
        await client.SendAsync(new { id = "s0", type = "complete" });
        await Feed.WaitForSubscribersAsync(StreamsApplication.MaxOperationsPerSocket - 1, Token);
        await client.SubscribeAsync("again", "subscription { graphChanged { key } }");
        await Feed.WaitForSubscribersAsync(StreamsApplication.MaxOperationsPerSocket, Token);
    }

    [Fact]
    public async Task SocketsOverTheCallerAndTotalCapsAreRefusedWith429BeforeTheUpgrade()
    {
        var open = new List<RawWebSocket>();
        try
        {
            // The review's shape: 200 anonymous sockets. One caller (this address) gets its 2.
            var statuses = new List<int>();
            for (var i = 0; i < 200; i++)
            {
                var (socket, status, answer) = await RawWebSocket.ConnectAsync(_server, Token);
                open.Add(socket);
                statuses.Add(status);
                if (status != 101)
                {
                    Assert.Contains("STREAM_LIMIT_EXCEEDED", answer, StringComparison.Ordinal);
                    Assert.Contains("GraphQL:Subscriptions:MaxSocketsPerCaller", answer, StringComparison.Ordinal);
                }
            }

            Assert.Equal(StreamsApplication.MaxSocketsPerCaller, statuses.Count(s => s == 101));
            Assert.Equal(200 - StreamsApplication.MaxSocketsPerCaller, statuses.Count(s => s == 429));

            // A key is another caller, up to the total.
            var (keyed, keyedStatus, _) = await RawWebSocket.ConnectAsync(_server, Token, TestKeys.Reader);
            open.Add(keyed);
            Assert.Equal(101, keyedStatus);
            var (overTotal, overTotalStatus, overTotalAnswer) = await RawWebSocket.ConnectAsync(_server, Token, TestKeys.Writer);
            open.Add(overTotal);
            Assert.Equal(429, overTotalStatus);
            Assert.Contains("GraphQL:Subscriptions:MaxSockets)", overTotalAnswer, StringComparison.Ordinal);
            Assert.Equal(StreamsApplication.MaxSockets, Limits.Sockets.Open);
        }
        finally
        {
            open.ForEach(s => s.Dispose());
        }

        // Closed sockets give their places back.
        await WaitUntilAsync(() => Limits.Sockets.Open == 0);

        using var client = await ConnectAsync();
    }

    [Fact]
    public async Task EventStreamsOverTheCallerAndTotalCapsAreRefusedWith429()
    {
        using var http = new HttpClient { BaseAddress = _server };
        var open = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < 50; i++)
            {
                open.Add(await OpenEventStreamAsync(http, key: null));
            }

            Assert.Equal(StreamsApplication.MaxEventStreamsPerCaller, open.Count(r => r.StatusCode == HttpStatusCode.OK));
            var refused = open.First(r => r.StatusCode != HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            var error = (await refused.Content.ReadFromJsonAsync<JsonObject>(Token))!["errors"]![0]!;
            Assert.Equal("STREAM_LIMIT_EXCEEDED", error["extensions"]!["code"]!.GetValue<string>());
            Assert.Contains("GraphQL:Subscriptions:MaxEventStreamsPerCaller", error["message"]!.GetValue<string>(), StringComparison.Ordinal);

            open.Add(await OpenEventStreamAsync(http, TestKeys.Reader));
            Assert.Equal(HttpStatusCode.OK, open[^1].StatusCode);
            open.Add(await OpenEventStreamAsync(http, TestKeys.Writer));
            Assert.Equal(HttpStatusCode.TooManyRequests, open[^1].StatusCode);
            Assert.Contains("GraphQL:Subscriptions:MaxEventStreams)", await open[^1].Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
            Assert.Equal(StreamsApplication.MaxEventStreams, Limits.EventStreams.Open);
            Assert.Equal(StreamsApplication.MaxEventStreams, Feed.SubscriberCount);
        }
        finally
        {
            open.ForEach(r => r.Dispose());
        }

        await WaitUntilAsync(() => Limits.EventStreams.Open + Feed.SubscriberCount == 0);

        using var again = await OpenEventStreamAsync(http, key: null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task AClientThatNeverReadsIsDroppedAfterTheSendTimeoutAndItsSubscriptionsStopCosting()
    {
        var callsBefore = application.Store.Calls;
        var (socket, status, _) = await RawWebSocket.ConnectAsync(_server, Token);
        using (socket)
        {
            Assert.Equal(101, status);
            await socket.SendAsync(new { type = "connection_init" });
            for (var i = 0; i < StreamsApplication.MaxOperationsPerSocket; i++)
            {
                await socket.SubscribeAsync($"s{i}", $"subscription {{ {CostlySelection} }}");
            }

            await Feed.WaitForSubscribersAsync(StreamsApplication.MaxOperationsPerSocket, Token);

            // One commit of 600 changes: larger than the buffer, so taken whole (nothing was waiting).
            Feed.Publish(BigChanges(600));

            // Nobody reads: the sends stall, then the socket is dropped and every subscription with it.
            await Feed.WaitForSubscribersAsync(0, Token);
            await WaitUntilAsync(() => Limits.Sockets.Open == 0);
        }

        // 64 × 600 = 38,400 events could have run; only those whose results fitted the socket and the windows did.
        var calls = await StoreCallsOnceSettledAsync() - callsBefore;
        Assert.True(calls < 2_000, $"{calls} store calls");
    }

    [Fact]
    public async Task AnEventStreamThatIsNeverReadIsDroppedAfterTheSendTimeout()
    {
        var callsBefore = application.Store.Calls;
        using (await PostEventStreamNeverReadingAsync($"subscription {{ {CostlySelection} }}"))
        {
            await Feed.WaitForSubscribersAsync(1, Token);
            Feed.Publish(BigChanges(600));

            await Feed.WaitForSubscribersAsync(0, Token);
            await WaitUntilAsync(() => Limits.EventStreams.Open == 0);
        }

        var calls = await StoreCallsOnceSettledAsync() - callsBefore;
        Assert.True(calls < 300, $"{calls} store calls for 600 changes");
    }

    [Fact]
    public async Task ASubscriberThatFallsBehindStopsAtOnceWhileItsSocketIsStillOpen()
    {
        var (socket, _, _) = await RawWebSocket.ConnectAsync(_server, Token);
        using (socket)
        {
            await socket.SendAsync(new { type = "connection_init" });
            for (var i = 0; i < 8; i++)
            {
                await socket.SubscribeAsync($"s{i}", $"subscription {{ {CostlySelection} }}");
            }

            await Feed.WaitForSubscribersAsync(8, Token);
            Feed.Publish(BigChanges(200));
            // Still waiting behind the stalled sends: the next commit overflows every subscriber's buffer.
            Feed.Publish(BigChanges(StreamsApplication.BufferSize));

            await Feed.WaitForSubscribersAsync(0, Token);
            // Not the send timeout: the socket is still there.
            Assert.Equal(1, Limits.Sockets.Open);
            await StoreCallsOnceSettledAsync();
        }
    }

    [Fact]
    public async Task ABatchLargerThanTheBufferReachesASubscriberThatKeepsUp()
    {
        using var client = await ConnectAsync();
        await client.SubscribeAsync("all", "subscription { graphChanged { key } }");
        await Feed.WaitForSubscribersAsync(1, Token);

        var batch = Enumerable.Range(0, 5 * StreamsApplication.BufferSize)
            .Select(i => EntityChange(500, "Official", $"official-{i}", "Someone")).ToList();
        Feed.Publish(batch);

        foreach (var change in batch)
        {
            var next = await client.ReceiveAsync();
            Assert.Equal("next", next["type"]!.GetValue<string>());
            Assert.Equal(change.Key, next["payload"]!["data"]!["graphChanged"]!["key"]!.GetValue<string>());
        }

        Assert.Equal(1, Feed.SubscriberCount);
    }

    [Fact]
    public async Task ARevokedKeyClosesItsSocketAndCannotSubscribeAgain()
    {
        using var client = await ConnectAsync(StreamsApplication.RevocableKeyValue);
        await client.SubscribeAsync("live", "subscription { graphChanged { key } }");
        await Feed.WaitForSubscribersAsync(1, Token);

        application.Revocable.Revoke();

        var (code, reason) = await client.ReceiveCloseAsync();
        Assert.Equal(4403, code);
        Assert.Contains("no longer valid", reason, StringComparison.Ordinal);
        await Feed.WaitForSubscribersAsync(0, Token);

        using var again = await OpenAsync();
        await again.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + StreamsApplication.RevocableKeyValue } });
        Assert.Equal(4403, (await again.ReceiveCloseAsync()).Code);
    }

    /// <summary>What was running finishes, then no more events reach the store: the store's call count, which has stopped moving.</summary>
    private async Task<int> StoreCallsOnceSettledAsync()
    {
        await Task.Delay(500, Token);
        var calls = application.Store.Calls;
        await Task.Delay(500, Token);
        Assert.Equal(calls, application.Store.Calls);
        return calls;
    }

    /// <summary>Waits (within the test's patience) until <paramref name="condition"/> holds.</summary>
    private async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(20, Token);
        }
    }

    private static List<GraphChange> BigChanges(int count) =>
        [.. Enumerable.Range(0, count).Select(i => EntityChange(600, "Official", "scott-bessent", BigName))];

    /// <summary>A graphql-transport-ws client over Kestrel, past connection_ack (with a key in connection_init if given).</summary>
    private async Task<GraphQLWebSocketClient> ConnectAsync(string? key = null)
    {
        var client = await OpenAsync();
        await client.SendAsync(key is null
            ? new { type = "connection_init" }
            : (object)new { type = "connection_init", payload = new { authorization = "Bearer " + key } });
        Assert.Equal("connection_ack", (await client.ReceiveAsync())["type"]!.GetValue<string>());
        return client;
    }

    /// <summary>A graphql-transport-ws client over Kestrel, before connection_init.</summary>
    private async Task<GraphQLWebSocketClient> OpenAsync()
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(GraphQLWebSocketClient.SubProtocol);
        await socket.ConnectAsync(new Uri($"ws://{_server.Authority}/graphql"), Token);
        return new GraphQLWebSocketClient(socket, Token);
    }

    /// <summary>An event-stream request on a bare socket with a 4 KB receive buffer, whose answer is never read.</summary>
    private async Task<Socket> PostEventStreamNeverReadingAsync(string query)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(_server.Host, _server.Port, Token);
        var body = JsonSerializer.Serialize(new { query });
        var request = $"POST /graphql HTTP/1.1\r\nHost: {_server.Authority}\r\nAccept: text/event-stream\r\n"
            + $"Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";
        await socket.SendAsync(Encoding.UTF8.GetBytes(request), SocketFlags.None, Token);
        return socket;
    }

    private async Task<HttpResponseMessage> OpenEventStreamAsync(HttpClient http, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query = "subscription { graphChanged { key } }" }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
    }
}
