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
            TradeGraphTelemetry.AnalyticsDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new TagList { { "step", step } });
        }
    }
}
