using System.Collections.Concurrent;
using System.Diagnostics;
using TradeGraph.Core.Telemetry;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j.QueryApi;

/// <summary>
/// The Neo4j store's round trips as telemetry sees them, against the Query API fixture server (a real loopback socket):
/// one client span per HTTP exchange, named and tagged with its statement kind and row count, never with the statement
/// or its parameter values.
/// </summary>
public sealed class QueryApiTelemetryTests : IAsyncLifetime
{
    private const string Secret = "parameter-value-that-must-not-leak";

    private const string TestSourceName = "TradeGraph.Storage.Tests.QueryApiTelemetry";

    private readonly ActivitySource _testSource = new(TestSourceName);

    private readonly ConcurrentQueue<Activity> _stopped = new();
    private ActivityListener _listener = null!;
    private FakeNeo4jServer _server = null!;
    private TestClient _client = null!;

    public async Task InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is TradeGraphTelemetry.Name or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
        _server = await FakeNeo4jServer.StartAsync();
        _client = TestClient.Create(_server.Uri);
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        _testSource.Dispose();
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ANestedReadAndAWriteAreOneSpanEachWithKindAndRowsAndNoParameterValues()
    {
        const string TwoRows = """{"data":{"fields":["key"],"values":[[{"$type":"String","_value":"a"}],[{"$type":"String","_value":"b"}]]},"bookmarks":["FB:read"]}""";
        _server.Then(Reply.Json(202, TwoRows), Reply.Json(202, """{"data":{"fields":[],"values":[]},"bookmarks":["FB:write"]}"""));
        var nested = new CypherStatement(
            "UNWIND $anchors AS anchor MATCH (o:Official {key: anchor})-[:PARTICIPATES_IN]->(m:Meeting)<-[:PARTICIPATES_IN]-(p:Official) RETURN p.key AS key",
            new Dictionary<string, object?> { ["anchors"] = new[] { Secret } });

        using (var operation = _testSource.StartActivity("operation"))
        {
            Assert.NotNull(operation);
            await _client.Runner.RunAsync(nested, AccessMode.Read, TestClient.Token());
            await _client.Runner.RunAsync(new CypherStatement("CREATE (:T {key: $key})", new Dictionary<string, object?> { ["key"] = Secret }), AccessMode.Write, TestClient.Token());
        }

        var operationSpan = Assert.Single(_stopped, a => a.Source == _testSource);
        var roundTrips = _stopped.Where(a => a.Source.Name == TradeGraphTelemetry.Name && a.ParentSpanId == operationSpan.SpanId).ToList();
        Assert.Equal(["read", "write"], roundTrips.Select(a => a.GetTagItem("db.operation.name") as string));
        Assert.All(roundTrips, a => Assert.Equal(ActivityKind.Client, a.Kind));
        Assert.Equal("neo4j", roundTrips[0].GetTagItem("db.system.name"));
        Assert.Equal([2, 0], roundTrips.Select(a => a.GetTagItem("db.response.returned_rows")));
        // Neither the statement nor a parameter value is in a span: names, tags and events.
        Assert.All(roundTrips, a =>
        {
            var text = a.DisplayName + " " + string.Join(" ", a.TagObjects.Select(t => $"{t.Key}={t.Value}")) + " " + string.Join(" ", a.Events.Select(e => e.Name));
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("MATCH", text, StringComparison.Ordinal);
            Assert.DoesNotContain("CREATE", text, StringComparison.Ordinal);
        });
    }
}
