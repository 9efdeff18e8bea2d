using System.Text.Json.Nodes;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Writing;
using static TradeGraph.Api.Tests.Live.LiveTestSupport;

namespace TradeGraph.Api.Tests.Live;

/// <summary>
/// graphql-transport-ws at /graphql: the handshake, subscriptions fed from the change feed (published to directly, as
/// writes do after commit), filters, unsubscribing, queries over the socket, and every close code the protocol names.
/// </summary>
[Collection(ApplicationCollection.Name)]
public sealed class WebSocketSubscriptionTests(TradeGraphApplication application) : IDisposable
{
    private const string ChangeSelection = """
        revision change kind key actor at
        entity { id ... on Official { name country { name } } }
        relationship { type ... on ParticipatesIn { role } }
        """;

    private readonly CancellationTokenSource _patience = new(Patience);

    private GraphChangeFeed Feed => application.Services.GetRequiredService<GraphChangeFeed>();

    private CancellationToken Token => _patience.Token;

    [Fact]
    public async Task ConnectionInitIsAcknowledgedOnTheGraphQLTransportWsSubprotocol()
    {
        using var client = await GraphQLWebSocketClient.ConnectAsync(application, Token);

        await client.SendAsync(new { type = "connection_init", payload = new { authorization = "kept for a future authenticator" } });

        Assert.Equal("graphql-transport-ws", client.Socket.SubProtocol);
        Assert.Equal("connection_ack", (await client.ReceiveAsync())["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnOpenSocketWithASubscriptionIsNotARequestInFlight()
    {
        // A socket lasts as long as its client keeps it: counted, it would keep start-up work and idle upkeep waiting.
        var requests = application.Services.GetRequiredService<TradeGraph.Api.Startup.RequestActivity>();
        await Feed.WaitForSubscribersAsync(0, Token);
        using var client = await GraphQLWebSocketClient.ConnectAndInitAsync(application, Token);
        await client.SubscribeAsync("live", "subscription { graphChanged { revision } }");
        await Feed.WaitForSubscribersAsync(1, Token);

        Assert.Equal(0, requests.InFlight);
    }

    [Fact]
    public async Task ASubscriptionGetsOneNextPerPublishedChangeWithTheEntityAndRelationshipResolved()
    {
        await Feed.WaitForSubscribersAsync(0, Token);
        using var client = await GraphQLWebSocketClient.ConnectAndInitAsync(application, Token);
        await client.SubscribeAsync("live", $"subscription {{ graphChanged {{ {ChangeSelection} }} }}");
        await Feed.WaitForSubscribersAsync(1, Token);

        Feed.Publish([
            EntityChange(41, "Official", "scott-bessent", "Scott Bessent (edited)"),
            RelationshipChange(41, "PARTICIPATES_IN", "scott-bessent", "kuala-lumpur-trade-talks", new Dictionary<string, object?> { ["role"] = "DELEGATION_LEAD" }),
        ]);

        var first = await client.ReceiveAsync();
        Assert.Equal("next", first["type"]!.GetValue<string>());
        Assert.Equal("live", first["id"]!.GetValue<string>());
        var entity = first["payload"]!["data"]!["graphChanged"]!;
        Assert.Equal(41, entity["revision"]!.GetValue<long>());
        Assert.Equal("UPDATED", entity["change"]!.GetValue<string>());
        Assert.Equal("Official", entity["kind"]!.GetValue<string>());
        Assert.Equal("scott-bessent", entity["key"]!.GetValue<string>());
        Assert.Equal("editor", entity["actor"]!.GetValue<string>());
        Assert.Equal("2025-10-26T08:30:00.000Z", entity["at"]!.GetValue<string>());
        Assert.Equal("Scott Bessent (edited)", entity["entity"]!["name"]!.GetValue<string>());
        // Loaded from the store for this event, through the request loaders of the event's own scope.
        Assert.Equal("United States", entity["entity"]!["country"]!["name"]!.GetValue<string>());
        Assert.Null(entity["relationship"]);

        var second = await client.ReceiveAsync();
        Assert.Equal("next", second["type"]!.GetValue<string>());
        var relationship = second["payload"]!["data"]!["graphChanged"]!;
        Assert.Equal("CREATED", relationship["change"]!.GetValue<string>());
        Assert.Equal("PARTICIPATES_IN", relationship["kind"]!.GetValue<string>());
        Assert.Null(relationship["entity"]);
        Assert.Equal("PARTICIPATES_IN", relationship["relationship"]!["type"]!.GetValue<string>());
        Assert.Equal("DELEGATION_LEAD", relationship["relationship"]!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task KindsAndKeysKeepOnlyTheMatchingChanges()
    {
        await Feed.WaitForSubscribersAsync(0, Token);
        using var client = await GraphQLWebSocketClient.ConnectAndInitAsync(application, Token);
        await client.SubscribeAsync("official", """subscription { graphChanged(kinds: ["Official"], keys: ["scott-bessent"]) { kind key } }""");
        await client.SubscribeAsync("meeting", """subscription { graphChanged(kinds: ["PARTICIPATES_IN"], keys: ["kuala-lumpur-trade-talks"]) { kind key } }""");
        await Feed.WaitForSubscribersAsync(2, Token);

        // None of these match either subscription; they come first, so they would arrive first.
        Feed.Publish([
            EntityChange(50, "Country", "united-states", "United States"),
            EntityChange(50, "Official", "jamieson-greer", "Jamieson Greer"),
            RelationshipChange(50, "REPRESENTS", "scott-bessent", "united-states", new Dictionary<string, object?>()),
            RelationshipChange(50, "PARTICIPATES_IN", "xi-jinping", "trump-xi-meeting", new Dictionary<string, object?> { ["role"] = "PRINCIPAL" }),
        ]);
        Feed.Publish([
            EntityChange(51, "Official", "scott-bessent", "Scott Bessent"),
            // Matched by its to end.
            RelationshipChange(51, "PARTICIPATES_IN", "jamieson-greer", "kuala-lumpur-trade-talks", new Dictionary<string, object?> { ["role"] = "DELEGATE" }),
        ]);

        var received = new Dictionary<string, JsonNode>();
        for (var i = 0; i < 2; i++)
        {
            var message = await client.ReceiveAsync();
            Assert.Equal("next", message["type"]!.GetValue<string>());
            received.Add(message["id"]!.GetValue<string>(), message["payload"]!["data"]!["graphChanged"]!);
        }

        Assert.Equal("""{"kind":"Official","key":"scott-bessent"}""", received["official"].ToJsonString());
        Assert.Equal("""{"kind":"PARTICIPATES_IN","key":"jamieson-greer"}""", received["meeting"].ToJsonString());
        await client.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await client.ReceiveAsync())["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUnknownKindIsAnInvalidArgumentErrorNamingIt()
    {
        using var client = await GraphQLWebSocketClient.ConnectAndInitAsync(application, Token);

        await client.SubscribeAsync("bad", """subscription { graphChanged(kinds: ["Official", "Minister"]) { key } }""");

        var message = await client.ReceiveAsync();
        Assert.Equal("error", message["type"]!.GetValue<string>());
        Assert.Equal("bad", message["id"]!.GetValue<string>());
        var error = message["payload"]!.AsArray().Single()!;
        Assert.Equal("INVALID_ARGUMENT", error["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("'Minister'", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCompleteStopsDelivery()
    {
        await Feed.WaitForSubscribersAsync(0, Token);
        using var client = await GraphQLWebSocketClient.ConnectAndInitAsync(application, Token);
        await client.SubscribeAsync("s", "subscription { graphChanged { key } }");
        await Feed.WaitForSubscribersAsync(1, Token);

        await client.SendAsync(new { id = "s", type = "complete" });
        await Feed.WaitForSubscribersAsync(0, Token);
        Feed.Publish([EntityChange(60, "Official", "scott-bessent", "Scott Bessent")]);

        // Nothing for "s" comes before the answer to a later ping; the id may be used again.
        await client.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await client.ReceiveAsync())["type"]!.GetValue<string>());
        await client.SubscribeAsync("s", "{ __typename }");
        Assert.Equal("next", (await client.ReceiveAsync())["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task PingGetsPongWithThePayload()
    {
        using var client = await GraphQLWebSocketClient.ConnectAndInitAsync(application, Token);

        await client.SendAsync(new { type = "ping", payload = new { n = 7 } });

        var pong = await client.ReceiveAsync();
        Assert.Equal("pong", pong["type"]!.GetValue<string>());
        Assert.Equal(7, pong["payload"]!["n"]!.GetValue<int>());
    }

    [Fact]
    public async Task AQueryOverTheSocketGetsOneNextThenComplete()
    {
        using var client = await GraphQLWebSocketClient.ConnectAndInitAsync(application, Token);

        await client.SubscribeAsync("q", "query ($n: Int) { countries(first: $n) { nodes { key } } }", new { n = 1 });

        var next = await client.ReceiveAsync();
        Assert.Equal("next", next["type"]!.GetValue<string>());
        Assert.Equal("q", next["id"]!.GetValue<string>());
        Assert.Equal("china", next["payload"]!["data"]!["countries"]!["nodes"]![0]!["key"]!.GetValue<string>());
        var complete = await client.ReceiveAsync();
        Assert.Equal("""{"type":"complete","id":"q"}""", complete.ToJsonString());
    }

    [Fact]
    public async Task AValidationErrorIsAnErrorMessage()
    {
        using var client = await GraphQLWebSocketClient.ConnectAndInitAsync(application, Token);

        await client.SubscribeAsync("v", "subscription { graphChanged { nope } }");

        var message = await client.ReceiveAsync();
        Assert.Equal("error", message["type"]!.GetValue<string>());
        Assert.Equal("v", message["id"]!.GetValue<string>());
        Assert.Equal("FIELDS_ON_CORRECT_TYPE", message["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task SubscribeBeforeTheAckCloses4401()
    {
        using var client = await GraphQLWebSocketClient.ConnectAsync(application, Token);

        await client.SubscribeAsync("early", "subscription { graphChanged { key } }");

        Assert.Equal((4401, "Unauthorized"), await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task ASecondConnectionInitCloses4429()
    {
        using var client = await GraphQLWebSocketClient.ConnectAndInitAsync(application, Token);

        await client.SendAsync(new { type = "connection_init" });

        Assert.Equal((4429, "Too many initialisation requests"), await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task ADuplicateIdCloses4409()
    {
        await Feed.WaitForSubscribersAsync(0, Token);
        using var client = await GraphQLWebSocketClient.ConnectAndInitAsync(application, Token);
        await client.SubscribeAsync("same", "subscription { graphChanged { key } }");
        await Feed.WaitForSubscribersAsync(1, Token);

        await client.SubscribeAsync("same", "subscription { graphChanged { key } }");

        Assert.Equal((4409, "Subscriber for same already exists"), await client.ReceiveCloseAsync());
        // Closing ends the running subscription too.
        await Feed.WaitForSubscribersAsync(0, Token);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("""{"type":"subscription"}""")]
    [InlineData("""{"payload":{}}""")]
    [InlineData("""{"type":"subscribe","payload":{"query":"{ __typename }"}}""")]
    [InlineData("""{"id":"1","type":"subscribe"}""")]
    [InlineData("""{"id":"1","type":"subscribe","payload":"{ __typename }"}""")]
    [InlineData("""{"type":"connection_ack"}""")]
    public async Task AnInvalidMessageCloses4400(string message)
    {
        using var client = await GraphQLWebSocketClient.ConnectAndInitAsync(application, Token);

        await client.SendTextAsync(message);

        Assert.Equal(4400, (await client.ReceiveCloseAsync()).Code);
    }

    [Fact]
    public async Task AWebSocketWithoutTheSubprotocolIsRefusedWith400()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => GraphQLWebSocketClient.ConnectAsync(application, Token, subProtocol: null));

        Assert.Contains("400", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfferedBothProtocolsTheServerPicksGraphQLTransportWs()
    {
        // Banana Cake Pop's automatic mode offers both.
        var client = application.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-ws");
        client.SubProtocols.Add("graphql-transport-ws");

        using var socket = await client.ConnectAsync(new Uri(application.Server.BaseAddress, "graphql"), Token);

        Assert.Equal("graphql-transport-ws", socket.SubProtocol);
    }

    [Fact]
    public async Task NoConnectionInitInTimeCloses4408()
    {
        using var quick = application.WithWebHostBuilder(builder => builder.UseSetting("GraphQL:Subscriptions:ConnectionInitTimeout", "00:00:00.2"));
        using var client = await GraphQLWebSocketClient.ConnectAsync(quick, Token);

        Assert.Equal((4408, "Connection initialisation timeout"), await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task ShuttingDownClosesOpenSockets1001()
    {
        var stopping = application.WithWebHostBuilder(_ => { });
        using var client = await GraphQLWebSocketClient.ConnectAndInitAsync(stopping, Token);
        await client.SubscribeAsync("s", "subscription { graphChanged { key } }");

        var stopped = Task.Run(async () => await stopping.DisposeAsync(), Token);

        Assert.Equal((1001, "The server is shutting down"), await client.ReceiveCloseAsync());
        await stopped.WaitAsync(Token);
    }

    public void Dispose() => _patience.Dispose();
}
