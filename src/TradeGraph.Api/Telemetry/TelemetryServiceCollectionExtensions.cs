using Microsoft.Extensions.Options;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TradeGraph.Core.Telemetry;

namespace TradeGraph.Api.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    private const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private const string HostingCategory = "Microsoft.AspNetCore.Hosting";
    private const string HostingDiagnosticsCategory = HostingCategory + ".Diagnostics";

    /// <summary>
    /// Registers OpenTelemetry as <see cref="TelemetryOptions"/> say (read here: what is registered depends on them):
    /// the service's source and meter (<see cref="TradeGraphTelemetry"/>) with ASP.NET Core's (which continues a W3C
    /// <c>traceparent</c>), the Prometheus exporter, OTLP export per signal whose endpoint the standard variables name,
    /// logs that carry trace and span ids, and the per-operation recording every transport shares.
    /// </summary>
    public static IServiceCollection AddTradeGraphTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OperationTelemetry>();
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();

        services.Configure<LoggerFactoryOptions>(logging =>
            logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (options.JsonConsoleLogs)
        {
            services.AddLogging(logging => logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true; // the trace and span ids travel as a scope
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            }));
        }

        var otlp = options.Enabled && options.Otlp ? OtlpSignals.From(configuration) : default;
        var tracing = options.Enabled && (options.Tracing == TracingMode.On || (options.Tracing == TracingMode.Auto && otlp.Traces));
        if (!tracing && !options.JsonConsoleLogs && !otlp.Logs && !HostingLogLevelConfigured(configuration))
        {
            // ASP.NET Core starts an Activity and a log scope for every request whenever its hosting logger is enabled
            // at any level, so that log lines carry trace ids. Without spans, JSON logs or exported logs nothing shows
            // those ids, and the pair costs every request (≈ 2 % of an executed one). The category logs requests at
            // Information and start-up details at Debug; a configured level for it (or for its namespace) is kept.
            services.Configure<LoggerFilterOptions>(filters =>
                filters.Rules.Add(new LoggerFilterRule(null, HostingDiagnosticsCategory, LogLevel.None, null)));
        }

        if (!options.Enabled)
        {
            return services;
        }

        var prometheusPath = options.PrometheusPath;
        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(TradeGraphTelemetry.Name));
        if (tracing)
        {
            telemetry.WithTracing(traces =>
            {
                traces.AddSource(TradeGraphTelemetry.Name)
                    .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !IsScrape(context, options, prometheusPath));
                if (otlp.Traces)
                {
                    traces.AddOtlpExporter();
                }
            });
        }

        if (options.Prometheus || otlp.Metrics)
        {
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(TradeGraphTelemetry.Name).AddAspNetCoreInstrumentation();
                if (options.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp.Metrics)
                {
                    metrics.AddOtlpExporter();
                }
            });
        }

        if (otlp.Logs)
        {
            telemetry.WithLogging(logs => logs.AddOtlpExporter());
        }

        return services;
    }

    /// <summary>Serves <c>/metrics</c> (<see cref="TelemetryOptions.PrometheusPath"/>) when telemetry and Prometheus are on.</summary>
    public static IEndpointRouteBuilder MapTelemetry(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (options.Enabled && options.Prometheus)
        {
            endpoints.MapPrometheusScrapingEndpoint(options.PrometheusPath);
        }

        return endpoints;
    }

    /// <summary>Whether the configuration sets a level for ASP.NET Core's hosting logger (for any provider), so it is the operator's choice.</summary>
    private static bool HostingLogLevelConfigured(IConfiguration configuration) =>
        configuration.GetSection("Logging").AsEnumerable().Any(setting =>
            setting.Value is not null
            && (setting.Key.EndsWith(":" + HostingDiagnosticsCategory, StringComparison.OrdinalIgnoreCase)
                || setting.Key.EndsWith(":" + HostingCategory, StringComparison.OrdinalIgnoreCase)));

    // Scrapes are not traced: one span every few seconds per scraper would bury the requests worth seeing.
    private static bool IsScrape(HttpContext context, TelemetryOptions options, string path) =>
        options.Prometheus && context.Request.Path.StartsWithSegments(path, StringComparison.Ordinal);

    /// <summary>Which signals have an OTLP endpoint set (the general one sets all three).</summary>
    private readonly record struct OtlpSignals(bool Traces, bool Metrics, bool Logs)
    {
        public static OtlpSignals From(IConfiguration configuration)
        {
            var all = IsSet(configuration, OtlpEndpoint);
            return new OtlpSignals(
                all || IsSet(configuration, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
                all || IsSet(configuration, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"),
                all || IsSet(configuration, "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"));
        }

        private static bool IsSet(IConfiguration configuration, string name) => !string.IsNullOrWhiteSpace(configuration[name]);
    }
}
