using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OpenTelemetry.Metrics;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Tests.Telemetry;

/// <summary>Spans, metrics and logs of a nested query and a write, read from in-memory exporters (read model off: reads go to SQLite).</summary>
public sealed class TelemetryTests(TelemetryApplication application) : IClassFixture<TelemetryApplication>
{
    // The variable's value must never reach a span, a metric or the log line.
    private const string Secret = "Kuala";

    internal const string Nested = """
        query TelemetryNested($text: String!) {
          meetings(first: 5, where: { name: { contains: $text } }) {
            nodes { name location { name } participants(first: 5) { nodes { name country { name } } } }
          }
        }
        """;

    [Fact]
    public async Task ANestedQueryIsOneOperationSpanUnderTheIncomingTraceWithBatchAndStoreSpansBeneath()
    {
        var (trace, parent) = await SendAsync(application, Nested, new { text = Secret });

        var spans = await application.SpansOfAsync(trace, s => s.Any(a => a.Kind == ActivityKind.Server));
        var server = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        Assert.Equal(parent, server.ParentSpanId); // the W3C traceparent was continued, not replaced
        var operation = Assert.Single(spans, s => s.OperationName == "graphql.request");
        Assert.Equal("query TelemetryNested", operation.DisplayName);
        Assert.Equal(server.SpanId, operation.ParentSpanId);
        Assert.Equal("query", operation.GetTagItem("graphql.operation.type"));
        Assert.Equal("TelemetryNested", operation.GetTagItem("graphql.operation.name"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Nested))), operation.GetTagItem("graphql.document.hash"));
        Assert.Equal("ok", operation.GetTagItem("tradegraph.outcome"));

        var batches = spans.Where(s => s.OperationName == "graphql.batch").ToList();
        Assert.NotEmpty(batches);
        Assert.All(batches, b => Assert.Equal(operation.SpanId, b.ParentSpanId));
        Assert.Contains(batches, b => (string?)b.GetTagItem("tradegraph.loader") == "list" && (int?)b.GetTagItem("tradegraph.batch.size") > 0);

        var store = spans.Where(s => s.Kind == ActivityKind.Client && s.DisplayName.StartsWith("sqlite ", StringComparison.Ordinal)).ToList();
        var root = Assert.Single(store, s => s.ParentSpanId == operation.SpanId);
        Assert.Equal("sqlite ListEntitiesAsync", root.DisplayName);
        Assert.Equal("sqlite", root.GetTagItem("db.system.name"));
        Assert.Equal(1, root.GetTagItem("db.response.returned_rows"));
        // Nested levels: one round trip per batch, under it.
        Assert.Contains(store, s => s.GetTagItem("db.operation.name") as string == "ListRelatedAsync" && batches.Any(b => b.SpanId == s.ParentSpanId));
        Assert.Equal(store.Count, (int)operation.GetTagItem("tradegraph.store_calls")!);

        AssertNoValueLeaks(spans);
    }

    [Fact]
    public async Task AWriteIsOneStoreRoundTripUnderItsMutationSpanAndCountsAsABatch()
    {
        const string write = """mutation TelemetryWrite { upsertOfficial(input: { key: "telemetry-envoy", name: "Telemetry Envoy", editorial: true }) { outcome } }""";
        var (trace, _) = await SendAsync(application, write, key: TestKeys.Writer);

        var spans = await application.SpansOfAsync(trace, s => s.Any(a => a.Kind == ActivityKind.Server));
        var operation = Assert.Single(spans, s => s.OperationName == "graphql.request");
        Assert.Equal("mutation TelemetryWrite", operation.DisplayName);
        var apply = Assert.Single(spans, s => s.DisplayName == "sqlite ApplyAsync");
        Assert.Equal(operation.SpanId, apply.ParentSpanId);
        Assert.Equal(1, apply.GetTagItem("db.response.returned_rows"));
        AssertNoValueLeaks(spans, "Telemetry Envoy");

        var metrics = application.CollectMetrics();
        Assert.True(Sum(metrics, "tradegraph.write.batches", ("outcome", "committed")) >= 1);
        Assert.True(HistogramCount(metrics, "tradegraph.write.batch.size", ("outcome", "committed")) >= 1);
        Assert.True(HistogramCount(metrics, "tradegraph.graphql.request.duration", ("graphql.operation.name", "TelemetryWrite"), ("outcome", "ok")) >= 1);
    }

    [Fact]
    public async Task MetricsCountRequestsByOperationAndOutcomeErrorsByCodeRoundTripsAndCacheLookups()
    {
        await SendAsync(application, Nested.Replace("TelemetryNested", "TelemetryMetrics", StringComparison.Ordinal), new { text = "Greer" });
        await SendAsync(application, Nested.Replace("TelemetryNested", "TelemetryMetrics", StringComparison.Ordinal), new { text = "Rubio" });
        await SendAsync(application, "query TelemetryTooBig { meetings(first: 500) { nodes { name } } }");

        var metrics = application.CollectMetrics();
        Assert.Equal(2, HistogramCount(metrics, "tradegraph.graphql.request.duration", ("graphql.operation.name", "TelemetryMetrics"), ("outcome", "ok")));
        Assert.True(HistogramCount(metrics, "tradegraph.graphql.request.duration", ("graphql.operation.name", "TelemetryTooBig"), ("outcome", "error")) >= 1);
        Assert.True(Sum(metrics, "tradegraph.graphql.errors", ("error.code", "PAGE_SIZE_EXCEEDED")) >= 1);
        Assert.True(Sum(metrics, "tradegraph.store.round_trips", ("db.system.name", "sqlite"), ("db.operation.name", "ListRelatedAsync")) >= 2);
        Assert.True(HistogramCount(metrics, "tradegraph.store.round_trip.duration", ("db.system.name", "sqlite")) >= 2);
        // The same document with other variables: parsed once, then found in the document cache.
        Assert.True(Sum(metrics, "tradegraph.cache.lookups", ("cache", "document"), ("outcome", "hit")) >= 1);
        Assert.True(Sum(metrics, "tradegraph.cache.lookups", ("cache", "response"), ("outcome", "miss")) >= 2);
    }

    [Fact]
    public async Task AboveTheThresholdEachOperationLogsOneSlowLineWithItsCostAndRoundTripsUnderItsTraceId()
    {
        var (trace, _) = await SendAsync(application, Nested.Replace("TelemetryNested", "TelemetrySlow", StringComparison.Ordinal), new { text = Secret });

        var line = Assert.Single(application.Logs.Lines, l => l.Event.Id == 1701 && Field(l.Scope, "OperationName") as string == "TelemetrySlow");
        Assert.Contains("Slow GraphQL operation TelemetrySlow (query, ok)", line.Message, StringComparison.Ordinal);
        Assert.True((double)Field(line.Scope, "FieldCost")! > 0);
        Assert.True((int)Field(line.Scope, "StoreRoundTrips")! >= 3);
        Assert.Equal(trace.ToHexString(), Field(line.Scope, "TraceId")?.ToString());
        Assert.DoesNotContain(Secret, line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetricsScrapeIsPrometheusTextWithTheServiceMetricsAndTheirLabels()
    {
        await SendAsync(application, "query TelemetryScrape { countries(first: 2) { nodes { name } } }");

        using var client = application.CreateClient();
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        var samples = PrometheusText.Parse(await response.Content.ReadAsStringAsync());

        Assert.Contains(samples.Types, t => t is ("tradegraph_graphql_request_duration_seconds", "histogram"));
        Assert.Contains(samples.Types, t => t is ("tradegraph_store_round_trips_total", "counter"));
        Assert.Contains(samples.Samples, s => s.Name == "tradegraph_graphql_request_duration_seconds_count"
            && s.Labels.GetValueOrDefault("graphql_operation_name") == "TelemetryScrape" && s.Labels.GetValueOrDefault("outcome") == "ok" && s.Value >= 1);
        Assert.Contains(samples.Samples, s => s.Name == "tradegraph_store_round_trips_total" && s.Labels.GetValueOrDefault("db_system_name") == "sqlite" && s.Value >= 1);
        Assert.Contains(samples.Samples, s => s.Name == "tradegraph_cache_lookups_total" && s.Labels.GetValueOrDefault("cache") == "document");
    }

    internal static async Task<(ActivityTraceId Trace, ActivitySpanId Parent)> SendAsync(TelemetryApplication application, string query, object? variables = null, string? key = null)
    {
        var trace = ActivityTraceId.CreateRandom();
        var parent = ActivitySpanId.CreateRandom();
        using var client = application.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{parent.ToHexString()}-01");
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return (trace, parent);
    }

    internal static void AssertNoValueLeaks(IEnumerable<Activity> spans, string secret = Secret)
    {
        foreach (var span in spans)
        {
            Assert.DoesNotContain(secret, span.DisplayName, StringComparison.Ordinal);
            foreach (var (name, value) in span.TagObjects)
            {
                Assert.DoesNotContain(secret, value?.ToString() ?? "", StringComparison.Ordinal);
                Assert.NotEqual("graphql.document", name);
            }
        }
    }

    private static object? Field(IReadOnlyList<KeyValuePair<string, object?>> fields, string name) =>
        fields.FirstOrDefault(f => f.Key == name).Value;

    private static IEnumerable<MetricPoint> Points(IReadOnlyList<MetricSnapshot> metrics, string name, (string Key, string Value)[] tags)
    {
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (var point in metric.MetricPoints)
            {
                var pointTags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    pointTags[tag.Key] = tag.Value;
                }

                if (tags.All(t => pointTags.TryGetValue(t.Key, out var v) && (v as string) == t.Value))
                {
                    yield return point;
                }
            }
        }
    }

    private static long Sum(IReadOnlyList<MetricSnapshot> metrics, string name, params (string Key, string Value)[] tags) =>
        Points(metrics, name, tags).Sum(p => p.GetSumLong());

    private static long HistogramCount(IReadOnlyList<MetricSnapshot> metrics, string name, params (string Key, string Value)[] tags) =>
        Points(metrics, name, tags).Sum(p => p.GetHistogramCount());
}

/// <summary>With the read model on, the loaders' calls it answers in memory make no store round trip: batch spans, no SQLite spans.</summary>
public sealed class ReadModelTelemetryTests(ReadModelTelemetryApplication application) : IClassFixture<ReadModelTelemetryApplication>
{
    [Fact]
    public async Task ReadsTheReadModelAnswersHaveBatchSpansButNoStoreRoundTrips()
    {
        await Assert.IsType<ReadModelGraphStore>(application.Services.GetRequiredService<IGraphStore>()).Ready;
        var (trace, _) = await TelemetryTests.SendAsync(application, TelemetryTests.Nested, new { text = "Kuala" });

        var spans = await application.SpansOfAsync(trace, s => s.Any(a => a.Kind == ActivityKind.Server));
        var operation = Assert.Single(spans, s => s.OperationName == "graphql.request");
        Assert.Contains(spans, s => s.OperationName == "graphql.batch");
        Assert.DoesNotContain(spans, s => s.Kind == ActivityKind.Client);
        Assert.True((int)operation.GetTagItem("tradegraph.store_calls")! >= 3); // what the loaders asked; the read model answered each
        TelemetryTests.AssertNoValueLeaks(spans);
    }
}
