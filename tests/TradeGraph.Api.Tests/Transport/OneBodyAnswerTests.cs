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

        using var response = await client.PostAsync("/graphql", content);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(status, response.StatusCode);
        Assert.True(bytes.Length > 20, Encoding.UTF8.GetString(bytes));
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
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
