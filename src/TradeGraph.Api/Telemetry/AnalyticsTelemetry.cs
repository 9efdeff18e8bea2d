using System.Diagnostics;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Telemetry;

namespace TradeGraph.Api.Telemetry;

/// <summary>Times analytics work and notes the size of each projection built (<see cref="TradeGraphTelemetry"/>).</summary>
internal static class AnalyticsTelemetry
{
    /// <summary>Builds a projection, recording its build time (step <c>projection</c>) and its nodes + relationships.</summary>
    public static GraphProjection Build(GraphTopology topology, ProjectionFilter filter, CancellationToken cancellationToken)
    {
        var projection = Timed("projection", () => GraphProjection.Build(topology, filter, cancellationToken));
        TradeGraphTelemetry.ProjectionSize.Record(projection.Size);
        return projection;
    }

    /// <summary>Runs one analytics step (an algorithm's name, or <c>query</c> for uncached paths and neighbourhoods), timed.</summary>
    public static T Timed<T>(string step, Func<T> work)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = TradeGraphTelemetry.Source.HasListeners() ? TradeGraphTelemetry.Source.StartActivity("analytics " + step) : null;
        try
        {
            return work();
        }
        finally
        {
            Record(step, started);
        }
    }

    /// <summary>
    /// <see cref="Timed{T}(string, Func{T})"/> for a query on a projection, without a closure: what a path query
    /// answered on the request's thread runs per request.
    /// </summary>
    public static T Timed<T>(string step, GraphProjection projection, Func<GraphProjection, CancellationToken, T> compute, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = TradeGraphTelemetry.Source.HasListeners() ? TradeGraphTelemetry.Source.StartActivity("analytics " + step) : null;
        try
        {
            return compute(projection, cancellationToken);
        }
        finally
        {
            Record(step, started);
        }
    }

    // One tag as a pair: a TagList per call cost more than the step it timed on a small path query.
    private static void Record(string step, long started) =>
        TradeGraphTelemetry.AnalyticsDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("step", step));
}
