using System.Net;
using System.Text;
using GraphQL;
using TradeGraph.Api.GraphQLHttp;

namespace TradeGraph.Api.Tests.Transport;

/// <summary>
/// An executed answer goes out as one body with its Content-Length (<see cref="JsonAnswerSerializer.WriteBodyAsync"/>), in
/// the very bytes GraphQL.NET's own serializer writes with the same options.
/// </summary>
public sealed class OneBodyAnswerTests(TransportApplication application) : IClassFixture<TransportApplication>
{
    private JsonAnswerSerializer Answers => Assert.IsType<JsonAnswerSerializer>(application.Services.GetRequiredService<IGraphQLTextSerializer>());

    [Theory]
    [InlineData("""{"query":"{ countries(first: 3) { totalCount nodes { key name } } }"}""", HttpStatusCode.OK)]
    [InlineData("""{"query":"{ nope }"}""", HttpStatusCode.OK)]
    [InlineData("""{"query":"query($n: Int!) { countries(first: $n) { totalCount } }","variables":{"n":"three"}}""", HttpStatusCode.OK)]
    public async Task AnExecutedAnswerHasItsContentLength(string body, HttpStatusCode status)
    {
        using var client = application.CreateClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        // Headers read before the body: a buffered body would make HttpClient compute a Content-Length of its own.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = content };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var sent = response.Content.Headers.NonValidated.TryGetValues("Content-Length", out var lengths) ? lengths.ToString() : null;
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(status, response.StatusCode);
        Assert.True(bytes.Length > 20, Encoding.UTF8.GetString(bytes));
        Assert.Equal(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), sent);
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
    }

    [Fact]
    public async Task AnExecutedAnswerIsTheBytesGraphQLNetWrites()
    {
        var executer = application.Services.GetRequiredService<IDocumentExecuter<TradeGraph.Api.GraphQL.Schema.TradeGraphSchema>>();
        using var scope = application.Services.CreateScope();
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = "{ countries(first: 50) { totalCount nodes { key name aliases } } nope: __typename }",
            RequestServices = scope.ServiceProvider,
        });

        await AssertSameBytesAsync(result);
    }

    [Fact]
    public async Task HandBuiltResultsAreTheBytesGraphQLNetWrites()
    {
        // Escaping under the relaxed encoder, errors with codes, paths and locations, and an answer past the first buffers.
        var long1 = string.Concat(Enumerable.Repeat("Zürich–Genève \"talks\" <b>&</b> \u2028 ", 2_000));
        var withErrors = new ExecutionResult
        {
            Errors = [new ExecutionError("Bad \"input\" – ünïcode") { Code = "INVALID_INPUT", Path = ["a", 0, "b"] }],
        };
        withErrors.Errors[0].AddLocation(new GraphQLParser.Location(3, 7));

        await AssertSameBytesAsync(new ExecutionResult { Executed = true, Data = new Dictionary<string, object?> { ["text"] = long1, ["n"] = 42, ["ok"] = true } });
        await AssertSameBytesAsync(withErrors);
        await AssertSameBytesAsync(new ExecutionResult());
    }

    [Fact]
    public void PooledBytesGrowAndKeepWhatWasWritten()
    {
        using var bytes = new PooledBytes();
        var expected = new List<byte>();
        for (var i = 0; i < 300; i++)
        {
            var span = bytes.GetSpan(i);
            Assert.True(span.Length >= Math.Max(i, 1));
            for (var j = 0; j < i; j++)
            {
                span[j] = (byte)(i + j);
                expected.Add((byte)(i + j));
            }

            bytes.Advance(i);
        }

        Assert.Equal(expected, bytes.Written.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => bytes.Advance(bytes.GetSpan().Length + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => bytes.Advance(-1));
    }

    [Fact]
    public void ALargeAnswersBufferKeepsItsBytesAndIsNotKeptByTheSharedPool()
    {
        byte[] large;
        var expected = new byte[3 * PooledBytes.LargestPooled + 17];
        Random.Shared.NextBytes(expected);
        using (var bytes = new PooledBytes())
        {
            for (var at = 0; at < expected.Length; at += 65_536)
            {
                var chunk = expected.AsSpan(at, Math.Min(65_536, expected.Length - at));
                chunk.CopyTo(bytes.GetSpan(chunk.Length));
                bytes.Advance(chunk.Length);
            }

            Assert.Equal(expected, bytes.Written.ToArray());
            Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes.Written, out var segment));
            large = segment.Array!;
        }

        // The pool hands a thread back what it was just given (its per-thread slot): a small buffer comes back, a large
        // one was never given.
        Assert.NotSame(large, System.Buffers.ArrayPool<byte>.Shared.Rent(large.Length));
        byte[] small;
        using (var bytes = new PooledBytes())
        {
            bytes.Advance(1);
            Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes.Written, out var segment));
            small = segment.Array!;
        }

        var again = System.Buffers.ArrayPool<byte>.Shared.Rent(small.Length);
        Assert.Same(small, again);
        System.Buffers.ArrayPool<byte>.Shared.Return(again);
    }

    private async Task AssertSameBytesAsync(ExecutionResult result)
    {
        using var stream = new MemoryStream();
        await Answers.WriteAsync(stream, result);
        using var pooled = new PooledBytes();

        Answers.Write(pooled, result);

        Assert.True(stream.Length > 0);
        Assert.Equal(stream.ToArray(), pooled.Written.ToArray());
    }
}
