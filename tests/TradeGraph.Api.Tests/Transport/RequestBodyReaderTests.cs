using System.Net;
using System.Text;
using System.Text.Json;
using TradeGraph.Api.GraphQLHttp;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Transport;

/// <summary>
/// A POST body — one request, a batch or a variable batch — is read in one pass; a request's refusals keep one order
/// of precedence, a batch answers with its first refused request, and a malformed body is reported as such whatever
/// comes before the fault.
/// </summary>
public sealed class RequestBodyReaderTests
{
    [Fact]
    public void ReadsEveryFieldAndTheVariablesAsGraphQLNetsInputs()
    {
        var outcome = Read("""
            {"query":"query Q($a: Int) { __typename }","operationName":"Q","id":"doc-1","unknown":{"x":[1,2]},
             "variables":{"int":1,"big":5000000000,"float":1.5,"text":"é\n","yes":true,"none":null,"list":[1,"a"],"object":{"k":[{"n":2}]}},
             "extensions":{"persistedQuery":{"version":1}}}
            """);

        var request = Assert.Single(outcome.Requests!);
        Assert.False(outcome.IsBatch);
        Assert.Equal(("query Q($a: Int) { __typename }", "Q", "doc-1"), (request.Query, request.OperationName, request.DocumentId));
        var variables = request.Variables!;
        Assert.Equal(1, variables["int"]);
        Assert.Equal(5000000000L, variables["big"]);
        Assert.Equal(1.5, variables["float"]);
        Assert.Equal("é\n", variables["text"]);
        Assert.Equal(true, variables["yes"]);
        Assert.Null(variables["none"]);
        Assert.Equal(new object?[] { 1, "a" }, (IEnumerable<object?>)variables["list"]!);
        var inner = Assert.IsAssignableFrom<IDictionary<string, object?>>(Assert.Single((IEnumerable<object?>)((IDictionary<string, object?>)variables["object"]!)["k"]!));
        Assert.Equal(2, inner["n"]);
        Assert.Equal(1, ((IDictionary<string, object?>)request.Extensions!["persistedQuery"]!)["version"]);
    }

    [Fact]
    public void ReadsABatchInOrderWithEachRequestsOwnFields()
    {
        var outcome = Read("""[{"query":"{ a }","variables":{"n":1}},{"id":"doc-2","operationName":"B","extensions":{"e":true}}]""");

        Assert.True(outcome.IsBatch);
        Assert.Collection(outcome.Requests!,
            first =>
            {
                Assert.Equal("{ a }", first.Query);
                Assert.Null(first.DocumentId);
                Assert.Equal(1, first.Variables!["n"]);
            },
            second =>
            {
                Assert.Null(second.Query);
                Assert.Equal(("doc-2", "B"), (second.DocumentId, second.OperationName));
                Assert.Equal(true, second.Extensions!["e"]);
            });
    }

    [Fact]
    public void ReadsAVariableBatchAsOneRequestPerVariableSetSharingTheRest()
    {
        var outcome = Read("""{"query":"query($n: Int) { a }","variables":[{"n":1},{"n":2},{}],"extensions":{"x":1}}""");

        Assert.True(outcome.IsBatch);
        Assert.Equal(new object?[] { 1, 2, null }, outcome.Requests!.Select(r => r.Variables!.TryGetValue("n", out var n) ? n : null));
        Assert.All(outcome.Requests!, r =>
        {
            Assert.Equal("query($n: Int) { a }", r.Query);
            Assert.Equal(1, r.Extensions!["x"]);
        });
    }

    [Fact]
    public void AnEmptyArrayIsABatchOfNone()
    {
        var outcome = Read("[]");

        Assert.True(outcome.IsBatch);
        Assert.Empty(outcome.Requests!);
    }

    [Theory]
    [InlineData("""{"query":1,"extensions":2,"variables":3}""", "`query`, `operationName`, `documentId` and `id` must be strings.")]
    [InlineData("""{"id":"a","documentId":"b"}""", "Send a document's id as `id` or as `documentId`, not both.")]
    [InlineData("""{"variables":3,"extensions":[1]}""", "`extensions` must be a JSON object.")]
    [InlineData("""{"variables":"x"}""", "`variables` must be a JSON object (or, to batch, an array of objects).")]
    [InlineData("\"just a string\"", "The request body must be a JSON object (or an array of them, a batch).")]
    [InlineData("""[{"query":"{ a }"},3]""", "Each request of a batch must be a JSON object.")]
    [InlineData("""[{"query":"{ a }"},{"query":2},{"id":"a","documentId":"b"}]""", "`query`, `operationName`, `documentId` and `id` must be strings.")]
    [InlineData("""{"variables":[{},3,{"a":1}]}""", "`variables` must be a JSON object (or, to batch, an array of objects).")]
    public void RefusesInOneOrderOfPrecedenceAndABatchByItsFirstRefusal(string body, string message) => Assert.Equal(message, Read(body).Problem!.Message);

    [Theory]
    [InlineData("""{"query":1,""")]
    [InlineData("""{"query":"{ a }"}{}""")]
    [InlineData("""{"variables":{"a":}}""")]
    [InlineData("""[{"query":1},{"query":"{ a }"]""")]
    [InlineData("""[3,{"variables":[{"a":]}]""")]
    [InlineData("")]
    [InlineData("   ")]
    public void AMalformedBodyIsReportedAsMalformed(string body) => Assert.ThrowsAny<JsonException>(() => Read(body));

    [Fact]
    public async Task ABodyOverTheLimitWithoutALengthIsRefusedWith413()
    {
        using var application = new TradeGraphApplication();
        using var client = application.CreateClient();
        var padding = new string(' ', 1_100_000);
        // A stream of unknown length goes out chunked, so only the reader's own count can stop it.
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"query\":\"{ __typename }\"" + padding + "}")));
        content.Headers.ContentType = new("application/json");

        using var response = await client.PostAsync("/graphql", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public void TheSameQueryTextIsReadAsTheSameStringAndEachTextAsItsOwn()
    {
        // A document sent again (new variables) comes back as the string read the first time; the text decides, not the slot.
        var first = Read("""{"query":"query Same { a(x: \"\\n\") }\n# é","variables":{"n":1}}""");
        var again = Read("""{"query":"query Same { a(x: \"\\n\") }\n# é","variables":{"n":2}}""");
        var escapedOtherwise = Read("""{"query":"query Same { a(x: \"\\n\") }\u000a# \u00e9"}""");

        var text = Assert.Single(first.Requests!).Query;
        Assert.Equal("query Same { a(x: \"\\n\") }\n# é", text);
        Assert.Same(text, Assert.Single(again.Requests!).Query);
        Assert.Equal(text, Assert.Single(escapedOtherwise.Requests!).Query);
        Assert.Equal(2, Assert.Single(again.Requests!).Variables!["n"]);

        // Many different texts (more than the slots): each is read as itself, whichever slot it shares.
        for (var i = 0; i < 500; i++)
        {
            Assert.Equal($"{{ a{i} }}", Assert.Single(Read($$"""{"query":"{ a{{i}} }"}""").Requests!).Query);
        }

        var longText = "{ " + new string('b', RecentQueryTexts.MaxLength) + " }";
        Assert.Equal(longText, Assert.Single(Read($$"""{"query":"{{longText}}"}""").Requests!).Query);
    }

    private static RequestBodyReader.Outcome Read(string body) => RequestBodyReader.Read(Encoding.UTF8.GetBytes(body));
}
