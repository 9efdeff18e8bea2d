using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Polly.CircuitBreaker;
using Polly.Timeout;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j.QueryApi;

/// <summary>
/// The client against what a real server does that the happy path never shows (conformance audit C1, R1–R5 and the
/// fixture gaps): strict request checks, clusters with and without affinity, lost transactions, unclassified 500s,
/// errors while streaming, memory limits, refused bookmarks, heavy reads and idempotent writes. Counts decide, never time.
/// </summary>
public sealed class QueryApiConformanceTests : IAsyncLifetime
{
    private static readonly CypherStatement Read = new("RETURN 1 AS ok");
    private static readonly CypherStatement Write = new("MERGE (n:Official {key: $key}) RETURN 1 AS ok", new Dictionary<string, object?> { ["key"] = "xi-jinping" });

    private FakeNeo4jServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeNeo4jServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("text/plain", "application/vnd.neo4j.query", """{"statement":"RETURN 1"}""", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/vnd.neo4j.query", "text/html", """{"statement":"RETURN 1"}""", HttpStatusCode.NotAcceptable)]
    [InlineData("application/vnd.neo4j.query", "application/vnd.neo4j.query", """{"statement":"RETURN 1","timeout":5}""", HttpStatusCode.BadRequest)]
    [InlineData("application/json", "application/json", """{"statement":"RETURN $a","parameters":{"a":{"_value":"1","$type":"Integer"}}}""", HttpStatusCode.BadRequest)]
    public async Task TheFixtureRefusesWhatARealServerRefuses(string contentType, string accept, string body, HttpStatusCode expected)
    {
        _server.Fallback = Reply.ReturnOneOk;
        using var http = new HttpClient { BaseAddress = _server.Uri };
        using var request = new HttpRequestMessage(HttpMethod.Post, "db/neo4j/query/v2") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Accept.ParseAdd(accept);

        using var response = await http.SendAsync(request, TestClient.Token());

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task EveryValueTypeTheClientSendsPassesTheStrictChecks()
    {
        await using var client = TestClient.Create(_server.Uri);
        _server.Fallback = Reply.ReturnOneOk;
        var parameters = new Dictionary<string, object?>
        {
            ["s"] = "x", ["l"] = 1L, ["f"] = 1.0, ["b"] = true, ["n"] = null, ["d"] = new DateOnly(2025, 10, 23),
            ["list"] = new List<object?> { 1L, "two", new List<object?>() },
            ["map"] = new Dictionary<string, object?> { ["nested"] = new Dictionary<string, object?> { ["k"] = 2.5 } },
        };

        await client.Runner.RunAsync(new CypherStatement("RETURN 1 AS ok", parameters), AccessMode.Write, TestClient.Token());

        Assert.Equal(1, _server.Hits); // a refusal would have been a 400 Neo4jQueryException
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TheAffinityHeaderGoesBackOnlyWhenTheServerGaveIt(bool cluster)
    {
        await using var client = TestClient.Create(_server.Uri);
        var transactions = new FakeTransactions(cluster);
        _server.Fallback = transactions.Responder;

        await client.Runner.InTransactionAsync(async (tx, ct) =>
        {
            await tx.RunAsync(new CypherStatement("CREATE (:T)"), ct);
            return await tx.RunAsync(new CypherStatement("CREATE (:U)"), ct);
        }, TestClient.Token());

        Assert.Equal(1, transactions.Committed);
        var later = _server.Requests.Skip(1).ToList();
        Assert.Equal(2, later.Count);
        Assert.All(later, r => Assert.Equal(cluster, r.Header("neo4j-cluster-affinity") is not null));
    }

    [Theory]
    [InlineData(false)] // the second statement reaches another member (or the transaction expired)
    [InlineData(true)] // the commit does: the member answering 404 committed nothing either
    public async Task ATransactionLostBetweenRequestsRunsAgainFromBeginAndCommitsOnce(bool atCommit)
    {
        await using var client = TestClient.Create(_server.Uri);
        var transactions = new FakeTransactions(cluster: false);
        _server.Fallback = transactions.Responder;
        var attempts = 0;

        await client.Runner.InTransactionAsync(async (tx, ct) =>
        {
            var attempt = Interlocked.Increment(ref attempts);
            await tx.RunAsync(new CypherStatement("CREATE (:T)"), ct);
            transactions.LoseNext = attempt == 1 && !atCommit ? 1 : 0;
            var result = await tx.RunAsync(new CypherStatement("CREATE (:U)"), ct);
            transactions.LoseNext = attempt == 1 && atCommit ? 1 : 0;
            return result;
        }, TestClient.Token());

        Assert.Equal(1, transactions.Committed);
        Assert.Equal(2, attempts);
        Assert.Equal(0, transactions.Open); // the lost one was rolled back on the member that held it
    }

    [Fact]
    public async Task ATransactionLostOnEveryAttemptIsAClearErrorNamingWhatAClusterNeedsAndNothingIsCommitted()
    {
        await using var client = TestClient.Create(_server.Uri);
        var transactions = new FakeTransactions(cluster: false) { LoseNext = 1000 };
        _server.Fallback = transactions.Responder;

        var error = await Assert.ThrowsAsync<Neo4jTransactionLostException>(() => client.Runner.InTransactionAsync(async (tx, ct) =>
        {
            await tx.RunAsync(new CypherStatement("CREATE (:T)"), ct);
            return await tx.RunAsync(new CypherStatement("CREATE (:U)"), ct);
        }, TestClient.Token()));

        Assert.Equal(0, transactions.Committed);
        Assert.Equal(4, _server.Requests.Count(r => r.Path == "/db/neo4j/query/v2/tx")); // the first attempt and MaxRetries = 3
        Assert.Contains("make the load balancer sticky per client or point Storage:Neo4j:Uri at one member", error.Message, StringComparison.Ordinal);
        Assert.Equal("Neo.ClientError.Request.Invalid", Assert.IsType<Neo4jQueryException>(error.InnerException).Code);
    }

    [Fact]
    public async Task AStatementErrorWhileStreamingEndsTheTransactionLikeA400()
    {
        await using var client = TestClient.Create(_server.Uri);
        var transactions = new FakeTransactions(cluster: true);
        _server.Fallback = Reply.Route(r => r.Path.EndsWith("/tx", StringComparison.Ordinal) || r.Method == "DELETE"
            ? transactions.Responder : Reply.Json(202, Reply.FailedWhileStreaming));

        var error = await Assert.ThrowsAsync<Neo4jQueryException>(() => client.Runner.InTransactionAsync(async (tx, ct) =>
        {
            await tx.RunAsync(new CypherStatement("CREATE (:T)"), ct);
            return await tx.RunAsync(new CypherStatement("RETURN 1 / 0 AS ok"), ct);
        }, TestClient.Token()));

        Assert.Equal(("Neo.ClientError.Statement.ArithmeticError", 202), (error.Code, error.HttpStatus));
        Assert.Equal(0, transactions.Committed);
        Assert.Single(_server.Requests, r => r.Path.EndsWith("/tx", StringComparison.Ordinal)); // not retried
    }

    [Fact]
    public async Task AnUnclassified500IsRetriedForAReadAndLeavesAWritesOutcomeUnknown()
    {
        await using var client = TestClient.Create(_server.Uri);
        _server.Then(Reply.Json(500, Reply.Unclassified), Reply.ReturnOneOk, Reply.Json(500, Reply.Unclassified));
        _server.Fallback = Reply.ReturnOneOk;

        await client.Runner.RunAsync(Read, AccessMode.Read, TestClient.Token());
        var unknown = await Assert.ThrowsAsync<Neo4jOutcomeUnknownException>(() => client.Runner.RunAsync(Write, AccessMode.Write, TestClient.Token()));

        Assert.Equal(3, _server.Hits);
        Assert.Equal("N/A", Assert.IsType<Neo4jQueryException>(unknown.InnerException).Code);
    }

    [Fact]
    public async Task AMemoryLimitIsTheQuerysFaultNeitherRetriedNorOpeningTheCircuit()
    {
        await using var client = TestClient.Create(_server.Uri, new Dictionary<string, string?> { ["Storage:Neo4j:BreakMinimumThroughput"] = "2" });
        _server.Fallback = Reply.Json(400, Reply.MemoryLimit);

        for (var i = 0; i < 4; i++)
        {
            var tooLarge = await Assert.ThrowsAsync<Neo4jQueryTooLargeException>(() => client.Runner.RunAsync(Read, AccessMode.Read, TestClient.Token()));
            Assert.Contains("dbms.memory.transaction.total.max", tooLarge.Message, StringComparison.Ordinal);
        }

        Assert.Equal(4, _server.Hits); // never retried, never failing fast
    }

    [Fact]
    public async Task Unclassified500sCountTowardTheCircuit()
    {
        await using var client = TestClient.Create(_server.Uri, new Dictionary<string, string?>
        {
            ["Storage:Neo4j:MaxRetries"] = "0",
            ["Storage:Neo4j:BreakMinimumThroughput"] = "3",
        });
        _server.Fallback = Reply.Json(500, Reply.Unclassified);

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<StoreUnavailableException>(() => client.Runner.RunAsync(Read, AccessMode.Read, TestClient.Token()));
        }

        var open = await Assert.ThrowsAsync<StoreUnavailableException>(() => client.Runner.RunAsync(Read, AccessMode.Read, TestClient.Token()));
        Assert.IsType<BrokenCircuitException>(open.InnerException);
        Assert.Equal(3, _server.Hits);
    }

    [Theory]
    [InlineData(Reply.BookmarkTimeout)]
    [InlineData(Reply.InvalidBookmark)]
    public async Task BookmarksTheServerRefusesAreDroppedAndTheRetryGoesWithout(string refusal)
    {
        await using var client = TestClient.Create(_server.Uri);
        _server.Then(
            Reply.Json(202, """{"data":{"fields":[],"values":[]},"bookmarks":["FB:before-the-restore"]}"""),
            Reply.Json(400, refusal));
        _server.Fallback = Reply.ReturnOneOk;

        await client.Runner.RunAsync(Write, AccessMode.Write, TestClient.Token());
        await client.Runner.RunAsync(Read, AccessMode.Read, TestClient.Token());
        await client.Runner.RunAsync(Read, AccessMode.Read, TestClient.Token());

        var requests = _server.Requests;
        Assert.Equal(4, requests.Count);
        Assert.True(requests[1].Json().TryGetProperty("bookmarks", out _)); // the refused request carried it
        Assert.False(requests[2].Json().TryGetProperty("bookmarks", out _)); // its retry did not
        Assert.False(requests[3].Json().TryGetProperty("bookmarks", out _)); // nor does anything later
    }

    [Fact]
    public async Task TheHealthProbeCarriesNoBookmarks()
    {
        await using var client = TestClient.Create(_server.Uri);
        _server.Then(Reply.Json(202, """{"data":{"fields":[],"values":[]},"bookmarks":["FB:latest"]}"""));
        _server.Fallback = Reply.ReturnOneOk;
        await client.Runner.RunAsync(Write, AccessMode.Write, TestClient.Token());

        await client.Client.ProbeAsync(TestClient.Token());
        await client.Runner.RunAsync(Read, AccessMode.Read, TestClient.Token());

        Assert.False(_server.Requests[1].Json().TryGetProperty("bookmarks", out _));
        Assert.Equal("FB:latest", _server.Requests[2].Json().GetProperty("bookmarks")[0].GetString()); // reads still wait for them
    }

    [Fact]
    public async Task AHeavyReadThatTimesOutIsNotRetriedAndDoesNotOpenTheCircuit()
    {
        await using var client = TestClient.Create(_server.Uri, new Dictionary<string, string?>
        {
            ["Storage:Neo4j:BreakMinimumThroughput"] = "2",
        });
        var heavy = new StatementOptions(AccessMode.Read) { Heavy = true, Timeout = TimeSpan.FromMilliseconds(200) };
        _server.Fallback = Reply.Hang;

        for (var i = 0; i < 3; i++)
        {
            var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => client.Runner.RunAsync(Read, heavy, TestClient.Token()));
            Assert.IsType<TimeoutRejectedException>(error.InnerException);
        }

        Assert.Equal(3, client.Sends); // one copy each on the server, not four

        _server.Fallback = Reply.ReturnOneOk;
        await client.Runner.RunAsync(Read, AccessMode.Read, TestClient.Token()); // the circuit stayed closed
    }

    [Fact]
    public async Task AnIdempotentWriteWhoseAnswerIsLostIsSentAgain()
    {
        await using var client = TestClient.Create(_server.Uri);
        _server.Then(Reply.Reset);
        _server.Fallback = Reply.ReturnOneOk;

        await client.Runner.RunAsync(new CypherStatement("CREATE INDEX x IF NOT EXISTS FOR (n:T) ON (n.p)"),
            new StatementOptions(AccessMode.Write) { Idempotent = true }, TestClient.Token());

        Assert.Equal(2, _server.Hits);
    }

    [Fact]
    public async Task StartUpOnADatabaseWithDataOutlastsTheAttemptTimeoutAndWaitsForPopulatingIndexes()
    {
        await using var client = TestClient.Create(_server.Uri, new Dictionary<string, string?>
        {
            ["Storage:Neo4j:AttemptTimeout"] = "00:00:00.200",
            ["Storage:Neo4j:SchemaTimeout"] = "00:00:30",
            ["Storage:Neo4j:IndexPollInterval"] = "00:00:00.001",
        });
        var (constraints, polls) = (0, 0);
        const string NoRows = """{"data":{"fields":[],"values":[]}}""";
        const string Populating = """{"data":{"fields":["name","state","populationPercent"],"values":[[{"$type":"String","_value":"entity_search"},{"$type":"String","_value":"POPULATING"},{"$type":"Float","_value":"42.0"}]]}}""";
        _server.Fallback = Reply.Route(request =>
            request.Body.Contains("CREATE CONSTRAINT", StringComparison.Ordinal) && Interlocked.Increment(ref constraints) == 1
                ? async (context, r) =>
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(600), context.RequestAborted); // a constraint built over existing data
                    await Reply.Json(202, NoRows)(context, r);
                }
                : request.Body.Contains("SHOW INDEXES", StringComparison.Ordinal)
                    ? Reply.Json(202, Interlocked.Increment(ref polls) <= 2 ? Populating : NoRows)
                    : Reply.Json(202, NoRows));
        var store = new TradeGraph.Storage.Neo4j.Neo4jGraphStore(client.Runner, Neo4jFixtures.Model) { Settings = client.Client.Options };

        await store.InitializeAsync(TestClient.Token());

        Assert.Equal((true, 3), (store.IndexWait!.Online, store.IndexWait.Polls));
        var slow = _server.Requests.First(r => r.Body.Contains("CREATE CONSTRAINT", StringComparison.Ordinal));
        Assert.Single(_server.Requests, r => r.Body == slow.Body); // answered within the schema limit: sent once
        Assert.DoesNotContain(_server.Requests, r => r.Body.Contains("awaitIndexes", StringComparison.Ordinal));
    }
}
