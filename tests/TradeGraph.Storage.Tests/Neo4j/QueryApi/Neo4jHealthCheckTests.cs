using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using TradeGraph.Storage.Neo4j;

namespace TradeGraph.Storage.Tests.Neo4j.QueryApi;

public sealed class Neo4jHealthCheckTests : IAsyncLifetime
{
    private FakeNeo4jServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeNeo4jServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task HealthyWhenNeo4jAnswersAReturnOneRead()
    {
        await using var client = TestClient.Create(_server.Uri);
        _server.Then(Reply.ReturnOneOk);

        var result = await CheckAsync(client);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("""{"statement":"RETURN 1 AS ok","parameters":{},"accessMode":"Read"}""", request.Body);
    }

    [Fact]
    public async Task UnhealthyWithTheReasonWhenNothingListensAfterOneAttempt()
    {
        var nowhere = FakeNeo4jServer.UnusedLoopbackUri();
        await using var client = TestClient.Create(nowhere);

        var result = await CheckAsync(client);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("is not reachable", result.Description, StringComparison.Ordinal);
        Assert.Contains("refused", result.Description, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, client.Sends); // no retries: a health check answers now
    }

    [Fact]
    public async Task UnhealthyWhenNeo4jDoesNotAnswerInTime()
    {
        await using var client = TestClient.Create(_server.Uri, new Dictionary<string, string?> { ["Storage:Neo4j:HealthCheckTimeout"] = "00:00:00.200" });
        _server.Fallback = Reply.Hang;

        var result = await CheckAsync(client);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("did not answer within 00:00:00.2", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnhealthyAtOnceWhileTheCircuitIsOpenThenHealthyAfterTheBreak()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var client = TestClient.Create(_server.Uri, new Dictionary<string, string?>
        {
            ["Storage:Neo4j:MaxRetries"] = "0",
            ["Storage:Neo4j:BreakMinimumThroughput"] = "2",
            ["Storage:Neo4j:BreakDuration"] = "00:00:30",
        }, time);
        _server.Fallback = Reply.Empty(503);
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync(client)).Status);
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync(client)).Status);
        Assert.Equal(2, _server.Hits);

        _server.Fallback = Reply.ReturnOneOk;
        var open = await CheckAsync(client);
        Assert.Equal(HealthStatus.Unhealthy, open.Status);
        Assert.Contains("fail fast", open.Description, StringComparison.Ordinal);
        Assert.Equal(2, _server.Hits);

        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(client)).Status);
        Assert.Equal(3, _server.Hits);
    }

    [Fact]
    public async Task ReportsTheRegistrationsFailureStatus()
    {
        await using var client = TestClient.Create(FakeNeo4jServer.UnusedLoopbackUri());
        var check = client.Services.GetRequiredService<Neo4jHealthCheck>();
        var registration = new HealthCheckRegistration("neo4j", check, HealthStatus.Degraded, tags: null);

        var result = await check.CheckHealthAsync(new HealthCheckContext { Registration = registration }, TestClient.Token());

        Assert.Equal(HealthStatus.Degraded, result.Status);
    }

    private static Task<HealthCheckResult> CheckAsync(TestClient client)
    {
        var check = client.Services.GetRequiredService<Neo4jHealthCheck>();
        var registration = new HealthCheckRegistration("neo4j", check, failureStatus: null, tags: null);
        return check.CheckHealthAsync(new HealthCheckContext { Registration = registration }, TestClient.Token());
    }
}
