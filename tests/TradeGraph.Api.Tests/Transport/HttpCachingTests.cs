using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using TradeGraph.Api.Tests.Hosting;
using static TradeGraph.Api.Tests.Transport.TransportHttp;

namespace TradeGraph.Api.Tests.Transport;

/// <summary>
/// ETag and If-None-Match on GET queries. The application counts store calls and keeps no answers in memory, so a request
/// that executes shows in <see cref="TransportApplication.Calls"/>: a 304 that leaves the count alone executed nothing.
/// </summary>
public sealed class HttpCachingTests(TransportApplication application) : IClassFixture<TransportApplication>
{
    private static readonly string OfficialsQuery = "/graphql?" + Query(("query", "query($n: Int) { officials(first: $n) { nodes { key } } }"), ("variables", new { n = 2 }));

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, EntityTagHeaderValue? ifNoneMatch = null, string? cost = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(ifNoneMatch);
        }

        if (cost is not null)
        {
            request.Headers.Add("GraphQL-Cost", cost);
        }

        return await client.SendAsync(request);
    }

    [Fact]
    public async Task ATaggedAnswerAnd304VaryByEveryHeaderThatSelectsTheRepresentation()
    {
        using var client = application.CreateClient();
        await application.SettledAsync();
        using var first = await GetAsync(client, OfficialsQuery);
        using var notModified = await GetAsync(client, OfficialsQuery, first.Headers.ETag);
        using var untagged = await GetAsync(client, OfficialsQuery, cost: "report");

        foreach (var response in new[] { first, notModified })
        {
            Assert.NotNull(response.Headers.ETag);
            // The media type (Accept), a cost report (GraphQL-Cost) and the key (Authorization, X-Api-Key).
            Assert.Equal(["Accept", "Authorization", "GraphQL-Cost", "X-Api-Key"], response.Headers.Vary.Order(StringComparer.Ordinal));
        }

        Assert.Null(untagged.Headers.ETag);
        Assert.DoesNotContain("Accept", untagged.Headers.Vary);
    }

    [Fact]
    public async Task AGetQueryHasAnETagAndIfNoneMatchGets304WithoutExecutingUntilAWriteChangesTheTag()
    {
        using var client = application.CreateClient();
        await application.SettledAsync();
        using var first = await GetAsync(client, OfficialsQuery);
        var tag = first.Headers.ETag!;

        var before = application.Calls;
        using var notModified = await GetAsync(client, OfficialsQuery, tag);
        var afterNotModified = application.Calls;
        using var withoutTag = await GetAsync(client, OfficialsQuery);
        var afterFullAnswer = application.Calls;

        using var writer = application.CreateClient().WithKey(TestKeys.Writer);
        await writer.QueryAsync("""mutation { createOfficial(input: { key: "etag-test-official", name: "ETag Test", editorial: true }) { outcome } }""");
        await application.SettledAsync();
        using var afterWrite = await GetAsync(client, OfficialsQuery, tag);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(first.Headers.CacheControl is { Private: true, MustRevalidate: true, MaxAge.TotalSeconds: 0, NoStore: false }, first.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(tag, notModified.Headers.ETag);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(before, afterNotModified);
        Assert.True(afterFullAnswer > afterNotModified, "the same request without the tag executes (and is counted)");
        Assert.Equal(tag, withoutTag.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, afterWrite.StatusCode);
        Assert.NotEqual(tag, afterWrite.Headers.ETag);
    }

    [Fact]
    public async Task TheTagFollowsTheVariablesTheOperationAndTheCallersPartition()
    {
        using var anonymous = application.CreateClient();
        using var reader = application.CreateClient().WithKey(TestKeys.Reader);
        const string document = "query A($n: Int) { officials(first: $n) { nodes { key } } } query B { countries(first: 1) { nodes { key } } }";
        await application.SettledAsync();

        var tags = new List<string>();
        foreach (var (client, url) in new[]
        {
            (anonymous, "/graphql?" + Query(("query", document), ("operationName", "A"), ("variables", new { n = 2 }))),
            (anonymous, "/graphql?" + Query(("query", document), ("operationName", "A"), ("variables", new { n = 3 }))),
            (anonymous, "/graphql?" + Query(("query", document), ("operationName", "B"))),
            (reader, "/graphql?" + Query(("query", document), ("operationName", "A"), ("variables", new { n = 2 }))),
        })
        {
            using var response = await GetAsync(client, url);
            tags.Add(response.Headers.ETag!.Tag);
        }

        Assert.Equal(4, tags.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task PostErrorsAndCostReportsGetNoTagAndKeepNoStore()
    {
        using var client = application.CreateClient();

        using var post = await client.PostAsJsonAsync("/graphql", new { query = "{ officials(first: 2) { nodes { key } } }" });
        using var error = await GetAsync(client, "/graphql?" + Query(("query", "{ officials(first: 51) { totalCount } }")));
        using var report = await GetAsync(client, OfficialsQuery, cost: "report");
        using var mutation = await GetAsync(client, "/graphql?" + Query(("query", "mutation { deleteOfficial(input: { key: \"x\" }) { outcome } }")));

        foreach (var response in new[] { post, error, report, mutation })
        {
            Assert.Null(response.Headers.ETag);
            Assert.True(response.Headers.CacheControl!.NoStore);
        }

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, mutation.StatusCode);
    }

    [Fact]
    public async Task AStaleOrForeignTagGetsTheFullAnswerAndABadKeyIsRefusedNot304()
    {
        using var client = application.CreateClient();
        await application.SettledAsync();
        using var first = await GetAsync(client, OfficialsQuery);
        using var badKey = application.CreateClient().WithKey("not-a-key");

        using var stale = await GetAsync(client, OfficialsQuery, new EntityTagHeaderValue("\"0123456789abcdef\""));
        using var refused = await GetAsync(badKey, OfficialsQuery, first.Headers.ETag);

        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal(first.Headers.ETag, stale.Headers.ETag);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
