using System.ComponentModel.DataAnnotations;

namespace TradeGraph.Api.Telemetry;

/// <summary>When spans are recorded.</summary>
public enum TracingMode
{
    /// <summary>Only when there is somewhere to send them: an OTLP traces endpoint is set.</summary>
    Auto,

    /// <summary>Always (for an exporter added in code, such as the tests' in-memory one).</summary>
    On,

    /// <summary>Never.</summary>
    Off,
}

/// <summary>Settings of OpenTelemetry (traces, metrics, logs) and of the slow-operation log line.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>Off: no OpenTelemetry at all (no /metrics, no export; every instrument is a no-op).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Spans for GraphQL operations, loader batches and store round trips, and ASP.NET Core's request spans.</summary>
    public TracingMode Tracing { get; set; } = TracingMode.Auto;

    /// <summary>
    /// Serve the metrics for Prometheus to scrape at <see cref="PrometheusPath"/>. Off unless chosen: metrics cost the
    /// executed path about a tenth of its CPU (bench/telemetry-overhead.mjs), and the endpoint has no key.
    /// </summary>
    public bool Prometheus { get; set; }

    [Required]
    [RegularExpression("^/[A-Za-z0-9/_.-]*$", ErrorMessage = "Telemetry:PrometheusPath must be a path starting with /.")]
    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>
    /// Export over OTLP when the standard variables name an endpoint (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, or the
    /// <c>_TRACES_</c> / <c>_METRICS_</c> / <c>_LOGS_</c> ones per signal; protocol, headers and timeout from theirs too).
    /// </summary>
    public bool Otlp { get; set; } = true;

    /// <summary>Console logs as one JSON object a line (with trace and span ids and scopes) instead of plain text.</summary>
    public bool JsonConsoleLogs { get; set; }

    /// <summary>Log a line for every GraphQL operation that takes at least <see cref="SlowOperationThreshold"/>.</summary>
    public bool LogSlowOperations { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan SlowOperationThreshold { get; set; } = TimeSpan.FromSeconds(1);
}
