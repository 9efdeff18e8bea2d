using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Writing;
using static TradeGraph.Api.Tests.Live.LiveTestSupport;

namespace TradeGraph.Api.Tests.Live;

/// <summary>GraphQL over server-sent events at /graphql (graphql-sse, distinct connections mode), as Banana Cake Pop's SSE mode uses it.</summary>
[Collection(ApplicationCollection.Name)]
public sealed class ServerSentEventsTests(TradeGraphApplication application) : IDisposable
{
    private readonly CancellationTokenSource _patience = new(Patience);

    private GraphChangeFeed Feed => application.Services.GetRequiredService<GraphChangeFeed>();

    private CancellationToken Token => _patience.Token;

    [Fact]
    public async Task ASubscriptionStreamsEachPublishedChangeUntilTheClientLeaves()
    {
        await Feed.WaitForSubscribersAsync(0, Token);
        using var client = application.CreateClient();
        using (var response = await PostAsync(client, """subscription { graphChanged(kinds: ["Official"]) { change key entity { ... on Official { name } } } }"""))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
            using var events = new StreamReader(await response.Content.ReadAsStreamAsync(Token));
            await Feed.WaitForSubscribersAsync(1, Token);

            Feed.Publish([EntityChange(70, "Country", "china", "China"), EntityChange(70, "Official", "he-lifeng", "He Lifeng", ChangeKind.Created)]);
            Feed.Publish([EntityChange(71, "Official", "xi-jinping", "Xi Jinping", ChangeKind.Deleted)]);

            var (first, firstData) = await ReadEventAsync(events);
            Assert.Equal("next", first);
            Assert.Equal("""{"data":{"graphChanged":{"change":"CREATED","key":"he-lifeng","entity":{"name":"He Lifeng"}}}}""", firstData);
            var (second, secondData) = await ReadEventAsync(events);
            Assert.Equal("next", second);
            Assert.Equal("xi-jinping", JsonNode.Parse(secondData)!["data"]!["graphChanged"]!["key"]!.GetValue<string>());
        }

        // Leaving ends the subscription on the server.
        await Feed.WaitForSubscribersAsync(0, Token);
    }

    [Fact]
    public async Task AChangePublishedAsSoonAsTheStreamIsOpenIsDelivered()
    {
        using var client = application.CreateClient();
        using var response = await PostAsync(client, """subscription { graphChanged(kinds: ["Official"]) { key } }""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // No wait for the server's subscriber: the open stream is the promise that nothing after it is missed.
        Feed.Publish([EntityChange(72, "Official", "wang-wentao", "Wang Wentao", ChangeKind.Created)]);

        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(Token));
        var (name, data) = await ReadEventAsync(events);
        Assert.Equal("next", name);
        Assert.Equal("""{"data":{"graphChanged":{"key":"wang-wentao"}}}""", data);
    }

    [Fact]
    public async Task AQueryGetsOneNextThenComplete()
    {
        using var client = application.CreateClient();

        using var response = await PostAsync(client, "{ countries(first: 1) { nodes { key } } }");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(
            "event: next\ndata: {\"data\":{\"countries\":{\"nodes\":[{\"key\":\"china\"}]}}}\n\nevent: complete\ndata:\n\n",
            await response.Content.ReadAsStringAsync(Token));
    }

    [Fact]
    public async Task AQueryOverGetWithAnEventStreamAcceptWorksToo()
    {
        using var client = application.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("{ __typename }"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));

        using var response = await client.SendAsync(request, Token);

        Assert.Equal("event: next\ndata: {\"data\":{\"__typename\":\"Query\"}}\n\nevent: complete\ndata:\n\n", await response.Content.ReadAsStringAsync(Token));
    }

    [Fact]
    public async Task AValidationErrorIsANextWithTheErrorsThenComplete()
    {
        using var client = application.CreateClient();

        using var response = await PostAsync(client, """subscription { graphChanged(kinds: ["Minister"]) { key } }""");

        // The graphql-sse protocol: accept the stream and report errors found before execution in it.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(Token));
        var (name, data) = await ReadEventAsync(events);
        Assert.Equal("next", name);
        Assert.Equal("INVALID_ARGUMENT", JsonNode.Parse(data)!["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal("complete", (await ReadEventAsync(events)).Event);
    }

    [Fact]
    public async Task ABadRequestIsStillAnHttpError()
    {
        using var client = application.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("{\"query\":", Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));

        using var response = await client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/graphql-response+json")]
    public async Task ASubscriptionWithoutAnEventStreamAcceptIs406(string accept)
    {
        using var client = application.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = "subscription { graphChanged { key } }" }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));

        using var response = await client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!;
        Assert.Equal("EVENT_STREAM_REQUIRED", body["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnIdleStreamGetsKeepAliveComments()
    {
        using var chatty = application.WithWebHostBuilder(builder => builder.UseSetting("GraphQL:Subscriptions:KeepAliveInterval", "00:00:00.2"));
        using var client = chatty.CreateClient();
        using var response = await PostAsync(client, "subscription { graphChanged { key } }");
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(Token));

        Assert.Equal(":", await events.ReadLineAsync(Token));
        Assert.Equal("", await events.ReadLineAsync(Token));
    }

    private async Task<HttpResponseMessage> PostAsync(HttpClient client, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        // Headers first: the stream stays open.
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
    }

    /// <summary>The next event (comment-only blocks, the keep-alives, are skipped): its name and its data.</summary>
    private async Task<(string Event, string Data)> ReadEventAsync(StreamReader events)
    {
        string? name = null;
        var data = new StringBuilder();
        while (true)
        {
            var line = await events.ReadLineAsync(Token) ?? throw new EndOfStreamException("The event stream ended.");
            if (line.Length == 0)
            {
                if (name is not null)
                {
                    return (name, data.ToString());
                }
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line["event:".Length..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Append(line["data:".Length..].TrimStart());
            }
        }
    }

    public void Dispose() => _patience.Dispose();
}
