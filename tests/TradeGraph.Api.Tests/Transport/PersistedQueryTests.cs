using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TradeGraph.Api.Tests.Live;
using static TradeGraph.Api.Tests.Transport.TransportHttp;

namespace TradeGraph.Api.Tests.Transport;

/// <summary>Apollo's automatic persisted queries over POST, GET, server-sent events and the WebSocket (and a trusted id on the socket).</summary>
public sealed class PersistedQueryTests(TransportApplication application) : IClassFixture<TransportApplication>, IDisposable
{
    private readonly CancellationTokenSource _patience = new(LiveTestSupport.Patience);

    private CancellationToken Token => _patience.Token;

    [Fact]
    public async Task AnUnknownHashIsNotFoundWith200ThenTheDocumentRegistersItAndTheHashAloneRunsOverPostAndGet()
    {
        const string document = "query ByKey($key: String!) { officials(where: { key: { eq: $key } }) { nodes { key } } } # apq-flow";
        var hash = Sha256(document);
        using var client = application.CreateClient();
        var variables = new { key = "xi-jinping" };

        // What Apollo Client and urql match: the code and the exact message, with 200 even for graphql-response+json.
        var (unknownStatus, unknown) = await PostAsync(client, new { variables, extensions = PersistedQuery(hash) }, GraphQLResponse);
        var (registerStatus, registered) = await PostAsync(client, new { query = document, variables, extensions = PersistedQuery(hash) });
        var (_, byHash) = await PostAsync(client, new { variables = new { key = "donald-trump" }, extensions = PersistedQuery(hash) });
        var (getStatus, overGet) = await GetAsync(client, Query(("variables", variables), ("extensions", PersistedQuery(hash))));

        Assert.Equal(HttpStatusCode.OK, unknownStatus);
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", Code(unknown));
        Assert.Equal("PersistedQueryNotFound", Message(unknown));
        Assert.Null(unknown["data"]);
        Assert.Equal(HttpStatusCode.OK, registerStatus);
        Assert.Equal("xi-jinping", registered["data"]!["officials"]!["nodes"]![0]!["key"]!.GetValue<string>());
        Assert.Equal("donald-trump", byHash["data"]!["officials"]!["nodes"]![0]!["key"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, getStatus);
        Assert.Equal("xi-jinping", overGet["data"]!["officials"]!["nodes"]![0]!["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task AHashThatIsNotTheDocumentsIsRefusedAndNothingIsStored()
    {
        const string document = "{ countries(first: 1) { nodes { key } } } # apq-mismatch";
        var wrong = Sha256(document + " ");
        using var client = application.CreateClient();

        var (status, mismatch) = await PostAsync(client, new { query = document, extensions = PersistedQuery(wrong) }, GraphQLResponse);
        var (_, later) = await PostAsync(client, new { extensions = PersistedQuery(wrong) });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("PERSISTED_QUERY_HASH_MISMATCH", Code(mismatch));
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", Code(later));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    public async Task AnotherVersionOfTheProtocolIsNotSupported(int version)
    {
        const string document = "{ __typename }";
        using var client = application.CreateClient();

        var (status, body) = await PostAsync(client, new { query = document, extensions = PersistedQuery(Sha256(document), version) });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("PERSISTED_QUERY_NOT_SUPPORTED", Code(body));
        Assert.StartsWith("PersistedQueryNotSupported", Message(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHashAloneRunsOverServerSentEventsAndTheWebSocketAndSoDoesATrustedDocumentId()
    {
        const string document = "{ countries(where: { isoCode: { eq: \"CN\" } }) { nodes { key } } } # apq-streams";
        var hash = Sha256(document);
        using var client = application.CreateClient();
        await PostAsync(client, new { query = document, extensions = PersistedQuery(hash) });

        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { extensions = PersistedQuery(hash) }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var events = await client.SendAsync(request, Token);
        var eventBody = await events.Content.ReadAsStringAsync(Token);

        using var socket = await GraphQLWebSocketClient.ConnectAndInitAsync(application, Token);
        await socket.SendAsync(new { id = "1", type = "subscribe", payload = new { extensions = PersistedQuery(hash) } });
        var next = await socket.ReceiveAsync();
        var complete = await socket.ReceiveAsync();
        await socket.SendAsync(new { id = "2", type = "subscribe", payload = new { extensions = PersistedQuery(Sha256("{ unknown }")) } });
        var error = await socket.ReceiveAsync();
        await socket.SendAsync(new { id = "3", type = "subscribe", payload = new { documentId = TransportApplication.OfficialById, variables = new { key = "xi-jinping" } } });
        var trusted = await socket.ReceiveAsync();

        Assert.Equal("event: next\ndata: {\"data\":{\"countries\":{\"nodes\":[{\"key\":\"china\"}]}}}\n\nevent: complete\ndata:\n\n", eventBody);
        Assert.Equal("next", next["type"]!.GetValue<string>());
        Assert.Equal("china", next["payload"]!["data"]!["countries"]!["nodes"]![0]!["key"]!.GetValue<string>());
        Assert.Equal("complete", complete["type"]!.GetValue<string>());
        Assert.Equal("error", error["type"]!.GetValue<string>());
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", error["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal("xi-jinping", trusted["payload"]!["data"]!["officials"]!["nodes"]![0]!["key"]!.GetValue<string>());
    }

    public void Dispose() => _patience.Dispose();
}
