using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TradeGraph.Core.Telemetry;

/// <summary>
/// The service's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <see cref="Name"/>, and every
/// instrument recorded on them. They live in Core so the API and both stores record on the same names without an
/// OpenTelemetry package: with no listener (telemetry off) a span is never created and a measurement costs a branch.
/// Tags never hold a variable or parameter value: names, kinds, codes and counts only.
/// </summary>
public static class TradeGraphTelemetry
{
    /// <summary>The name of the activity source, the meter and the service's resource.</summary>
    public const string Name = "TradeGraph";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Executed GraphQL operations (tags: operation name, type and outcome), seconds.</summary>
    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        "tradegraph.graphql.request.duration", "s", "Duration of executed GraphQL operations.");

    /// <summary>GraphQL errors in answers, by <c>extensions.code</c>.</summary>
    public static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "tradegraph.graphql.errors", "{error}", "GraphQL errors returned, by code.");

    /// <summary>Statements (SQLite) or HTTP exchanges (Neo4j) sent to the store of record; the read model's answers are not counted.</summary>
    public static readonly Counter<long> StoreRoundTrips = Meter.CreateCounter<long>(
        "tradegraph.store.round_trips", "{round_trip}", "Round trips to the store of record.");

    public static readonly Histogram<double> StoreRoundTripDuration = Meter.CreateHistogram<double>(
        "tradegraph.store.round_trip.duration", "s", "Duration of round trips to the store of record.");

    /// <summary>Response- and document-cache look-ups (tags: cache, outcome hit or miss): the hit ratio is hits over all.</summary>
    public static readonly Counter<long> CacheLookups = Meter.CreateCounter<long>(
        "tradegraph.cache.lookups", "{lookup}", "Cache look-ups by cache and outcome.");

    /// <summary>Analytics computations and projection builds (tag: what), seconds.</summary>
    public static readonly Histogram<double> AnalyticsDuration = Meter.CreateHistogram<double>(
        "tradegraph.analytics.duration", "s", "Duration of analytics projection builds and computations.");

    /// <summary>Nodes + relationships of each projection built.</summary>
    public static readonly Histogram<long> ProjectionSize = Meter.CreateHistogram<long>(
        "tradegraph.analytics.projection.size", "{element}", "Nodes plus relationships of each analytics projection built.");

    public static readonly UpDownCounter<long> OpenSubscriptions = Meter.CreateUpDownCounter<long>(
        "tradegraph.subscriptions.open", "{subscription}", "Subscriptions running now (WebSocket and event streams).");

    public static readonly UpDownCounter<long> OpenWebSockets = Meter.CreateUpDownCounter<long>(
        "tradegraph.websockets.open", "{connection}", "GraphQL WebSockets open now.");

    /// <summary>Write batches that reached the store (tag: outcome committed, unchanged or refused).</summary>
    public static readonly Counter<long> WriteBatches = Meter.CreateCounter<long>(
        "tradegraph.write.batches", "{batch}", "Write batches by outcome.");

    /// <summary>Writes per batch.</summary>
    public static readonly Histogram<long> WriteBatchSize = Meter.CreateHistogram<long>(
        "tradegraph.write.batch.size", "{write}", "Writes in each write batch.");

    /// <summary>
    /// Starts timing one round trip to a store (<paramref name="store"/>: <c>sqlite</c> or <c>neo4j</c>) of a kind of
    /// statement (the store call or the Query API exchange; never its text or parameters). Dispose it when the round trip ends.
    /// </summary>
    public static StoreRoundTrip StartStoreRoundTrip(string store, string statementKind)
    {
        var activity = Source.HasListeners() ? Source.StartActivity(store + " " + statementKind, ActivityKind.Client) : null;
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("db.system.name", store);
            activity.SetTag("db.operation.name", statementKind);
        }

        return new StoreRoundTrip(store, statementKind, activity, Stopwatch.GetTimestamp());
    }
}

/// <summary>One round trip being timed (<see cref="TradeGraphTelemetry.StartStoreRoundTrip"/>): a span, a count and a duration.</summary>
public readonly struct StoreRoundTrip(string store, string statementKind, Activity? activity, long started) : IDisposable
{
    /// <summary>Notes the rows the round trip returned or changed (a span attribute).</summary>
    public void Rows(int count) => activity?.SetTag("db.response.returned_rows", count);

    /// <summary>Marks the span as failed (the exception's type only: a message may quote a value).</summary>
    public void Failed(Exception exception) =>
        activity?.SetStatus(ActivityStatusCode.Error).SetTag("error.type", exception?.GetType().FullName);

    public void Dispose()
    {
        if (store is null)
        {
            return; // default(StoreRoundTrip): nothing was started
        }

        var tags = new TagList { { "db.system.name", store }, { "db.operation.name", statementKind } };
        TradeGraphTelemetry.StoreRoundTrips.Add(1, tags);
        TradeGraphTelemetry.StoreRoundTripDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        activity?.Dispose();
    }
}
