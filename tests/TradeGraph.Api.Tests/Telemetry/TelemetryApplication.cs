using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TradeGraph.Api.Tests.Hosting;

namespace TradeGraph.Api.Tests.Telemetry;

/// <summary>
/// The service with spans always on, every operation logged as slow (threshold 0) and in-memory exporters. The source
/// and meter are process-wide, so other tests' requests reach these exporters too: tests pick theirs by trace id
/// (sent as a W3C traceparent) or by operation name.
/// </summary>
public class TelemetryApplication : TradeGraphApplication
{
    public ConcurrentQueue<Activity> Spans { get; } = new();

    public List<MetricSnapshot> Metrics { get; } = [];

    public CapturedLogs Logs { get; } = new();

    /// <summary>Whether the read model answers reads (off: every read is a store round trip).</summary>
    protected virtual bool ReadModel => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Telemetry:Tracing", "On");
        builder.UseSetting("Telemetry:Prometheus", "true");
        builder.UseSetting("Telemetry:SlowOperationThreshold", "00:00:00");
        builder.UseSetting("Storage:ReadModel:Enabled", ReadModel ? "true" : "false");
        builder.ConfigureServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(traces => traces.AddProcessor(new SimpleActivityExportProcessor(new QueueExporter(Spans))));
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
            services.AddLogging(logging => logging.AddProvider(Logs));
        });
    }

    /// <summary>The metrics recorded so far (a collection on demand).</summary>
    public IReadOnlyList<MetricSnapshot> CollectMetrics()
    {
        lock (Metrics)
        {
            Metrics.Clear();
            Services.GetRequiredService<MeterProvider>().ForceFlush();
            return [.. Metrics];
        }
    }

    /// <summary>The spans of one trace, once <paramref name="expected"/> of them have ended (the server span ends after the response).</summary>
    public async Task<List<Activity>> SpansOfAsync(ActivityTraceId trace, Func<List<Activity>, bool> expected)
    {
        for (var i = 0; i < 200; i++)
        {
            var spans = Spans.Where(s => s.TraceId == trace).ToList();
            if (expected(spans))
            {
                return spans;
            }

            await Task.Delay(25);
        }

        return [.. Spans.Where(s => s.TraceId == trace)];
    }

    private sealed class QueueExporter(ConcurrentQueue<Activity> spans) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var activity in batch)
            {
                spans.Enqueue(activity);
            }

            return ExportResult.Success;
        }
    }
}

/// <summary>The same with the read model on (the default for SQLite): reads it answers make no store round trip.</summary>
public sealed class ReadModelTelemetryApplication : TelemetryApplication
{
    protected override bool ReadModel => true;
}

/// <summary>Log lines kept in memory with the scopes around them (where ActivityTrackingOptions puts the trace and span ids).</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider? _scopes;

    public ConcurrentQueue<(string Category, EventId Event, string Message, IReadOnlyList<KeyValuePair<string, object?>> Scope)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new List<KeyValuePair<string, object?>>();
            owner._scopes?.ForEachScope((value, list) =>
            {
                if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    list.AddRange(pairs);
                }
            }, scope);
            if (state is IEnumerable<KeyValuePair<string, object?>> fields)
            {
                scope.AddRange(fields);
            }

            owner.Lines.Enqueue((category, eventId, formatter(state, exception), scope));
        }
    }
}
