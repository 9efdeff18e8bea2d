using TradeGraph.Core.Storage;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j.QueryApi;

/// <summary>Explicit transactions: begin, run, commit, rollback, affinity, serialization, and what is retried.</summary>
public sealed class QueryApiTransactionTests : IAsyncLifetime
{
    private const string TxPath = "/db/neo4j/query/v2/tx";
    private const string Affinity = "MTAuOC41Ljc6MTc0NzQ=";

    private static readonly string Begun = """
        {"data":{"fields":["n"],"values":[[{"$type":"Integer","_value":"1"}]]},"transaction":{"id":"d610dd","expires":"2026-09-27T14:36:34Z"}}
        """;

    private static readonly string Ran = """
        {"data":{"fields":["n"],"values":[[{"$type":"Integer","_value":"2"}]]},"transaction":{"id":"d610dd","expires":"2026-09-27T14:36:40Z"}}
        """;

    private static readonly string Committed = """{"bookmarks":["FB:kcwQSG4fY8QMT4SLuHKatrwxMskCW5A="]}""";

    private FakeNeo4jServer _server = null!;
    private TestClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeNeo4jServer.StartAsync();
        _client = TestClient.Create(_server.Uri);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    /// <summary>A well-behaved server for one transaction d610dd that sets the affinity header on begin.</summary>
    private static Responder Neo4j(Responder? rollback = null, Responder? commit = null) => Reply.Route(request => (request.Method, request.Path) switch
    {
        ("POST", TxPath) => Reply.Json(202, Begun, ("neo4j-cluster-affinity", Affinity)),
        ("POST", TxPath + "/d610dd") => Reply.Json(202, Ran),
        ("POST", TxPath + "/d610dd/commit") => commit ?? Reply.Json(202, Committed),
        ("DELETE", TxPath + "/d610dd") => rollback ?? Reply.Empty(200),
        ("POST", "/db/neo4j/query/v2") => Reply.ReturnOneOk,
        _ => Reply.Json(404, """{"errors":[{"code":"Test.UnexpectedRequest","message":"unexpected"}]}"""),
    });

    [Fact]
    public async Task BeginRunCommitEchoTheAffinityAndTheCommitBookmarkGoesWithTheNextRead()
    {
        _server.Fallback = Neo4j();

        var sum = await _client.Runner.InTransactionAsync(async (tx, ct) =>
        {
            var first = await tx.RunAsync(new CypherStatement("CREATE (n:T {k: $k}) RETURN 1 AS n", new Dictionary<string, object?> { ["k"] = "a" }), ct);
            var second = await tx.RunAsync(new CypherStatement("RETURN 2 AS n"), ct);
            return (long)first.Value(0, "n")! + (long)second.Value(0, "n")!;
        }, TestClient.Token());
        await _client.Runner.RunAsync(new CypherStatement("RETURN 1 AS ok"), AccessMode.Read, TestClient.Token());

        Assert.Equal(3L, sum);
        var requests = _server.Requests;
        Assert.Equal(
            ["POST " + TxPath, "POST " + TxPath + "/d610dd", "POST " + TxPath + "/d610dd/commit", "POST /db/neo4j/query/v2"],
            requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.Equal("""{"statement":"CREATE (n:T {k: $k}) RETURN 1 AS n","parameters":{"k":{"$type":"String","_value":"a"}}}""", requests[0].Body);
        Assert.Null(requests[0].Header("neo4j-cluster-affinity"));
        Assert.Equal(Affinity, requests[1].Header("neo4j-cluster-affinity"));
        Assert.Equal(Affinity, requests[2].Header("neo4j-cluster-affinity"));
        Assert.Equal("{}", requests[2].Body);
        Assert.Equal("application/vnd.neo4j.query", requests[2].Header("Content-Type"));
        Assert.Null(requests[3].Header("neo4j-cluster-affinity"));
        Assert.Equal("FB:kcwQSG4fY8QMT4SLuHKatrwxMskCW5A=", requests[3].Json().GetProperty("bookmarks")[0].GetString());
    }

    [Fact]
    public async Task ATransactionBeginsWithTheBookmarksOfTheLatestWrite()
    {
        _server.Then(Reply.Json(202, """{"data":{"fields":[],"values":[]},"bookmarks":["FB:before"]}"""));
        _server.Fallback = Neo4j();

        await _client.Runner.RunAsync(new CypherStatement("CREATE (:T)"), AccessMode.Write, TestClient.Token());
        await _client.Runner.InTransactionAsync((tx, ct) => tx.RunAsync(new CypherStatement("MATCH (t:T) RETURN count(t) AS n"), ct), TestClient.Token());

        var begin = _server.Requests[1];
        Assert.Equal(TxPath, begin.Path);
        Assert.Equal("FB:before", begin.Json().GetProperty("bookmarks")[0].GetString());
        Assert.False(_server.Requests[2].Json().TryGetProperty("bookmarks", out _)); // commit carries none
    }

    [Fact]
    public async Task AUnitThatRunsNothingSendsNothing()
    {
        var result = await _client.Runner.InTransactionAsync((_, _) => Task.FromResult("nothing"), TestClient.Token());

        Assert.Equal("nothing", result);
        Assert.Equal(0, _server.Hits);
    }

    [Fact]
    public async Task WhenTheWorkThrowsTheTransactionIsRolledBackWithTheAffinityAndTheErrorSurfaces()
    {
        _server.Fallback = Neo4j();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _client.Runner.InTransactionAsync<int>(async (tx, ct) =>
        {
            await tx.RunAsync(new CypherStatement("CREATE (:T)"), ct);
            throw new InvalidOperationException("the work refused");
        }, TestClient.Token()));

        Assert.Equal("the work refused", error.Message);
        Assert.Equal(["POST " + TxPath, "DELETE " + TxPath + "/d610dd"], _server.Requests.Select(r => $"{r.Method} {r.Path}"));
        var rollback = _server.Requests[1];
        Assert.Equal(Affinity, rollback.Header("neo4j-cluster-affinity"));
        Assert.Equal("", rollback.Body);
    }

    [Fact]
    public async Task ARollbackAnswered200WithAnEmptyBodyOrJsonIsAccepted()
    {
        _server.Fallback = Neo4j(rollback: Reply.Json(200, "{}"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => RunThenFailAsync());

        // On 5.26 the body is empty, without a content type: the work's own error still surfaces, not a parse error.
        _server.Fallback = Neo4j(rollback: Reply.Empty(200));
        await Assert.ThrowsAsync<InvalidOperationException>(() => RunThenFailAsync());

        Assert.Equal(2, _server.Requests.Count(r => r.Method == "DELETE"));
    }

    [Fact]
    public async Task A404OnRollbackIsToleratedAndTheWorksErrorSurfaces()
    {
        _server.Fallback = Neo4j(rollback: Reply.Json(404, Reply.TransactionNotFound));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RunThenFailAsync());

        Assert.Equal("the work refused", error.Message);
        Assert.Equal(1, _server.Requests.Count(r => r.Method == "DELETE"));
    }

    [Fact]
    public async Task AStatementErrorEndsTheTransactionAndIsNotRetried()
    {
        _server.Fallback = Reply.Route(request => (request.Method, request.Path) switch
        {
            ("POST", TxPath + "/d610dd") => Reply.Json(400, Reply.SyntaxError),
            ("DELETE", _) => Reply.Json(404, Reply.TransactionNotFound),
            _ => Neo4j(),
        });
        var attempts = 0;

        var error = await Assert.ThrowsAsync<Neo4jQueryException>(() => _client.Runner.InTransactionAsync<int>(async (tx, ct) =>
        {
            Interlocked.Increment(ref attempts);
            await tx.RunAsync(new CypherStatement("CREATE (:T)"), ct);
            await tx.RunAsync(new CypherStatement("RETURN 1 AS a; RETURN 2 AS b"), ct);
            return 0;
        }, TestClient.Token()));

        Assert.Equal("Neo.ClientError.Statement.SyntaxError", error.Code);
        Assert.Equal(1, attempts);
        Assert.DoesNotContain(_server.Requests, r => r.Path.EndsWith("/commit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnErrorTheWorkSwallowedStillPreventsTheCommit()
    {
        _server.Fallback = Reply.Route(request => (request.Method, request.Path) switch
        {
            ("POST", TxPath + "/d610dd") => Reply.Json(400, Reply.SyntaxError),
            _ => Neo4j(),
        });

        await Assert.ThrowsAsync<Neo4jQueryException>(() => _client.Runner.InTransactionAsync(async (tx, ct) =>
        {
            await tx.RunAsync(new CypherStatement("CREATE (:T)"), ct);
            try
            {
                await tx.RunAsync(new CypherStatement("RETURN 1 AS a; RETURN 2 AS b"), ct);
            }
            catch (Neo4jQueryException)
            {
                // carry on as if nothing happened
            }

            return 0;
        }, TestClient.Token()));

        Assert.DoesNotContain(_server.Requests, r => r.Path.EndsWith("/commit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ATransientFailureBeforeCommitRetriesTheWholeUnitFromBegin()
    {
        _server.Then(Reply.Json(400, Reply.Deadlock));
        _server.Fallback = Neo4j();
        var attempts = 0;

        var result = await _client.Runner.InTransactionAsync(async (tx, ct) =>
        {
            Interlocked.Increment(ref attempts);
            return (await tx.RunAsync(new CypherStatement("CREATE (:T) RETURN 1 AS n"), ct)).Value(0, "n");
        }, TestClient.Token());

        Assert.Equal(1L, result);
        Assert.Equal(2, attempts);
        Assert.Equal(["POST " + TxPath, "POST " + TxPath, "POST " + TxPath + "/d610dd/commit"], _server.Requests.Select(r => $"{r.Method} {r.Path}"));
    }

    [Fact]
    public async Task AConnectionResetDuringARunRollsBackAndRetriesTheUnit()
    {
        var runs = 0;
        _server.Fallback = Reply.Route(request => (request.Method, request.Path) switch
        {
            ("POST", TxPath + "/d610dd") when Interlocked.Increment(ref runs) == 1 => Reply.Reset,
            _ => Neo4j(),
        });

        await _client.Runner.InTransactionAsync(async (tx, ct) =>
        {
            await tx.RunAsync(new CypherStatement("CREATE (:T)"), ct);
            return await tx.RunAsync(new CypherStatement("CREATE (:U)"), ct);
        }, TestClient.Token());

        Assert.Equal(
            ["POST " + TxPath, "POST " + TxPath + "/d610dd", "DELETE " + TxPath + "/d610dd",
             "POST " + TxPath, "POST " + TxPath + "/d610dd", "POST " + TxPath + "/d610dd/commit"],
            _server.Requests.Select(r => $"{r.Method} {r.Path}"));
    }

    [Fact]
    public async Task ACommitWhoseAnswerIsLostIsNotRetriedAndItsOutcomeIsUnknown()
    {
        _server.Fallback = Neo4j(commit: Reply.Reset);
        var attempts = 0;

        var error = await Assert.ThrowsAsync<Neo4jOutcomeUnknownException>(() => _client.Runner.InTransactionAsync(async (tx, ct) =>
        {
            Interlocked.Increment(ref attempts);
            return await tx.RunAsync(new CypherStatement("CREATE (:T)"), ct);
        }, TestClient.Token()));

        Assert.Equal(1, attempts);
        Assert.Contains("may or may not have committed", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _server.Requests.Count(r => r.Path.EndsWith("/commit", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ACommitRefusedWithATransientErrorDidNotCommitSoTheUnitIsRetried()
    {
        var commits = 0;
        _server.Fallback = Neo4j(commit: Reply.Route(_ => Interlocked.Increment(ref commits) == 1
            ? Reply.Json(400, Reply.Deadlock)
            : Reply.Json(202, Committed)));
        var attempts = 0;

        await _client.Runner.InTransactionAsync(async (tx, ct) =>
        {
            Interlocked.Increment(ref attempts);
            return await tx.RunAsync(new CypherStatement("CREATE (:T)"), ct);
        }, TestClient.Token());

        Assert.Equal(2, attempts);
        Assert.Equal(2, commits);
    }

    [Fact]
    public async Task ConcurrentStatementsInOneTransactionAreSentOneAtATime()
    {
        var inFlight = 0;
        var most = 0;
        _server.Fallback = Reply.Route(request => request is { Method: "POST", Path: TxPath + "/d610dd" }
            ? async (context, r) =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref most, now);
                await Task.Delay(20, context.RequestAborted); // widens the window an unserialized client would show
                Interlocked.Decrement(ref inFlight);
                await Reply.Json(202, Ran)(context, r);
            }
            : Neo4j());

        await _client.Runner.InTransactionAsync(async (tx, ct) =>
        {
            await tx.RunAsync(new CypherStatement("RETURN 1 AS n"), ct);
            return await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => tx.RunAsync(new CypherStatement("RETURN 2 AS n"), ct)));
        }, TestClient.Token());

        Assert.Equal(1, most);
        Assert.Equal(6, _server.Requests.Count(r => r.Path == TxPath + "/d610dd"));
    }

    [Fact]
    public async Task ATransactionAgainstNoServerMakesTheStoreUnavailable()
    {
        await using var client = TestClient.Create(FakeNeo4jServer.UnusedLoopbackUri());

        await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            client.Runner.InTransactionAsync((tx, ct) => tx.RunAsync(new CypherStatement("CREATE (:T)"), ct), TestClient.Token()));

        Assert.Equal(4, client.Sends);
    }

    private Task<int> RunThenFailAsync() => _client.Runner.InTransactionAsync<int>(async (tx, ct) =>
    {
        await tx.RunAsync(new CypherStatement("CREATE (:T)"), ct);
        throw new InvalidOperationException("the work refused");
    }, TestClient.Token());

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
