using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;
using Polly.Timeout;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j.QueryApi;

/// <summary>
/// Retries, timeouts, the circuit breaker and the never-retried cases, with faults a real socket sees. No test measures
/// time: counts of requests decide, retry delays are a millisecond, and the circuit's clock is a fake one.
/// </summary>
public sealed class QueryApiResilienceTests : IAsyncLifetime
{
    private static readonly CypherStatement Read = new("RETURN 1 AS ok");
    private static readonly CypherStatement Write = new("MERGE (n:Official {key: $key}) RETURN 1 AS ok", new Dictionary<string, object?> { ["key"] = "xi-jinping" });

    private FakeNeo4jServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeNeo4jServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ATransientNeo4jErrorIsRetriedAndThenSucceeds()
    {
        await using var client = TestClient.Create(_server.Uri);
        _server.Then(Reply.Json(400, Reply.Deadlock), Reply.ReturnOneOk);

        var result = await client.Runner.RunAsync(Read, AccessMode.Read, TestClient.Token());

        Assert.Equal(1L, result.Value(0, "ok"));
        Assert.Equal(2, _server.Hits);
    }

    [Fact]
    public async Task AWriteThatNeo4jRefusedWithATransientErrorIsRetriedToo()
    {
        // A transient error code means the statement did not commit: sending it again is safe.
        await using var client = TestClient.Create(_server.Uri);
        _server.Then(Reply.Json(400, Reply.Deadlock), Reply.ReturnOneOk);

        await client.Runner.RunAsync(Write, AccessMode.Write, TestClient.Token());

        Assert.Equal(2, _server.Hits);
    }

    [Fact]
    public async Task A503FromAProxyIsRetriedAndThenSucceeds()
    {
        await using var client = TestClient.Create(_server.Uri);
        _server.Then(Reply.Empty(503), Reply.ReturnOneOk);

        await client.Runner.RunAsync(Read, AccessMode.Read, TestClient.Token());

        Assert.Equal(2, _server.Hits);
    }

    [Fact]
    public async Task TransientFailuresThatOutlastTheRetriesMakeTheStoreUnavailable()
    {
        await using var client = TestClient.Create(_server.Uri);
        _server.Fallback = Reply.Empty(503);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => client.Runner.RunAsync(Read, AccessMode.Read, TestClient.Token()));

        Assert.Equal(4, _server.Hits); // the first attempt and MaxRetries = 3
        Assert.StartsWith($"Neo4j at {client.Client.Address} is not reachable: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("503", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenNothingListensTheCallIsRetriedThenTheStoreIsUnavailable()
    {
        var nowhere = FakeNeo4jServer.UnusedLoopbackUri();
        await using var client = TestClient.Create(nowhere);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => client.Runner.RunAsync(Read, AccessMode.Read, TestClient.Token()));

        Assert.Equal(4, client.Sends);
        Assert.StartsWith($"Neo4j at {nowhere.ToString().TrimEnd('/')}/ is not reachable: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task AWriteIsRetriedWhenTheConnectionWasRefusedAsItCannotHaveReachedTheServer()
    {
        await using var client = TestClient.Create(FakeNeo4jServer.UnusedLoopbackUri());

        await Assert.ThrowsAsync<StoreUnavailableException>(() => client.Runner.RunAsync(Write, AccessMode.Write, TestClient.Token()));

        Assert.Equal(4, client.Sends);
    }

    [Fact]
    public async Task ASlowAnswerIsCutAtTheAttemptTimeoutRetriedThenTheStoreIsUnavailable()
    {
        await using var client = TestClient.Create(_server.Uri, new Dictionary<string, string?>
        {
            ["Storage:Neo4j:AttemptTimeout"] = "00:00:00.200",
            ["Storage:Neo4j:MaxRetries"] = "2",
        });
        _server.Fallback = Reply.Hang;

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => client.Runner.RunAsync(Read, AccessMode.Read, TestClient.Token()));

        Assert.Equal(3, client.Sends);
        Assert.IsType<TimeoutRejectedException>(error.InnerException);
        Assert.Contains("no answer within 00:00:00.2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASlowFirstAnswerIsRetriedAndTheSecondAttemptSucceeds()
    {
        await using var client = TestClient.Create(_server.Uri, new Dictionary<string, string?> { ["Storage:Neo4j:AttemptTimeout"] = "00:00:00.500" });
        _server.Then(Reply.Hang);
        _server.Fallback = Reply.ReturnOneOk;

        var result = await client.Runner.RunAsync(Read, AccessMode.Read, TestClient.Token());

        Assert.Equal(1L, result.Value(0, "ok"));
        // Two on any machine; more only if an attempt was cut before the server even read it (a very slow machine).
        Assert.InRange(client.Sends, 2, 4);
    }

    [Fact]
    public async Task AReadWhoseConnectionIsResetIsRetried()
    {
        await using var client = TestClient.Create(_server.Uri);
        _server.Then(Reply.Reset, Reply.ReturnOneOk);

        await client.Runner.RunAsync(Read, AccessMode.Read, TestClient.Token());

        Assert.Equal(2, _server.Hits);
    }

    [Fact]
    public async Task AnAutoCommitWriteResetMidRequestIsNotRetriedAndItsOutcomeIsUnknown()
    {
        await using var client = TestClient.Create(_server.Uri);
        _server.Then(Reply.Reset);
        _server.Fallback = Reply.ReturnOneOk;

        var error = await Assert.ThrowsAsync<Neo4jOutcomeUnknownException>(() => client.Runner.RunAsync(Write, AccessMode.Write, TestClient.Token()));

        Assert.Equal(1, _server.Hits);
        Assert.Contains("may or may not have committed", error.Message, StringComparison.Ordinal);
        Assert.Contains("not retried", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAutoCommitWriteThatTimesOutIsNotRetriedAndItsOutcomeIsUnknown()
    {
        await using var client = TestClient.Create(_server.Uri, new Dictionary<string, string?> { ["Storage:Neo4j:AttemptTimeout"] = "00:00:00.200" });
        _server.Fallback = Reply.Hang;

        var error = await Assert.ThrowsAsync<Neo4jOutcomeUnknownException>(() => client.Runner.RunAsync(Write, AccessMode.Write, TestClient.Token()));

        Assert.Equal(1, client.Sends);
        Assert.IsType<TimeoutRejectedException>(error.InnerException);
    }

    [Fact]
    public async Task AWriteAnsweredWith502IsNotRetriedAsTheUpstreamMayHaveCommittedIt()
    {
        await using var client = TestClient.Create(_server.Uri);
        _server.Then(Reply.Empty(502));
        _server.Fallback = Reply.ReturnOneOk;

        await Assert.ThrowsAsync<Neo4jOutcomeUnknownException>(() => client.Runner.RunAsync(Write, AccessMode.Write, TestClient.Token()));

        Assert.Equal(1, _server.Hits);
    }

    [Fact]
    public async Task ACallerWhoCancelsGetsACancellationNotAnOutage()
    {
        await using var client = TestClient.Create(_server.Uri);
        _server.Fallback = Reply.Hang;
        using var cancel = new CancellationTokenSource();

        var call = client.Runner.RunAsync(Read, AccessMode.Read, cancel.Token);
        await WaitUntilAsync(() => _server.Hits == 1);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(1, client.Sends);
    }

    [Fact]
    public async Task TheCircuitOpensAfterRepeatedFailuresFailsFastThenClosesWhenNeo4jIsBack()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var client = TestClient.Create(_server.Uri, new Dictionary<string, string?>
        {
            ["Storage:Neo4j:MaxRetries"] = "0",
            ["Storage:Neo4j:BreakMinimumThroughput"] = "3",
            ["Storage:Neo4j:BreakDuration"] = "00:00:30",
        }, time);
        _server.Fallback = Reply.Empty(503);

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<StoreUnavailableException>(() => client.Runner.RunAsync(Read, AccessMode.Read, TestClient.Token()));
        }

        Assert.Equal(3, _server.Hits);

        // Open: fails at once, naming the last failure, and the server is not asked.
        _server.Fallback = Reply.ReturnOneOk;
        var open = await Assert.ThrowsAsync<StoreUnavailableException>(() => client.Runner.RunAsync(Read, AccessMode.Read, TestClient.Token()));
        Assert.IsType<BrokenCircuitException>(open.InnerException);
        Assert.Contains("fail fast for 30 s", open.Message, StringComparison.Ordinal);
        Assert.Contains("503", open.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => client.Runner.RunAsync(Write, AccessMode.Write, TestClient.Token()));
        Assert.Equal(3, _server.Hits);

        // After the break one trial call goes through; it succeeds, so the circuit closes and calls flow again.
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1L, (await client.Runner.RunAsync(Read, AccessMode.Read, TestClient.Token())).Value(0, "ok"));
        Assert.Equal(1L, (await client.Runner.RunAsync(Read, AccessMode.Read, TestClient.Token())).Value(0, "ok"));
        Assert.Equal(5, _server.Hits);
    }

    [Fact]
    public async Task StatementErrorsDoNotOpenTheCircuit()
    {
        await using var client = TestClient.Create(_server.Uri, new Dictionary<string, string?> { ["Storage:Neo4j:BreakMinimumThroughput"] = "2" });
        _server.Fallback = Reply.Json(400, Reply.SyntaxError);

        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<Neo4jQueryException>(() => client.Runner.RunAsync(Read, AccessMode.Read, TestClient.Token()));
        }

        Assert.Equal(4, _server.Hits);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TestClient.Generous);
        while (!condition())
        {
            await Task.Delay(10, limit.Token);
        }
    }
}
