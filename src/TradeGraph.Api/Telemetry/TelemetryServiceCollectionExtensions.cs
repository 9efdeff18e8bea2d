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
    private const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    // The logging rules that can apply to the hosting logger, most specific first.
    private static readonly string[] HostingCategories =
        [HostingDiagnosticsCategory, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore", "Microsoft", "Default"];

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
        if (!tracing && !options.JsonConsoleLogs && !otlp.Logs && HostingLevel(configuration) is { } level)
        {
            // ASP.NET Core starts an Activity and a log scope for every request whenever its hosting logger is enabled
            // at any level, so that log lines carry trace ids. Without spans, JSON logs or exported logs nothing shows
            // those ids, and the pair costs every request (≈ 2 % of an executed one). The category writes requests at
            // Information; at its configured Warning (appsettings, through Microsoft.AspNetCore) it writes only start-up
            // warnings (an overridden HTTP_PORTS), so it keeps its level until the application has started, then is off.
            var started = new HostStarted();
            services.AddHostedService(provider => started.Watching(provider.GetRequiredService<IHostApplicationLifetime>()));
            services.Configure<LoggerFilterOptions>(filters =>
                filters.Rules.Add(new LoggerFilterRule(null, HostingDiagnosticsCategory, level, (_, _, _) => !started.Started)));
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

    /// <summary>
    /// The hosting logger's configured level when it writes no request line (Warning or above, from the most specific of
    /// its categories that is set; nothing set means the logging default, Information); null when it does, globally or
    /// for any provider: then the operator asked for those lines and the logger stays as configured.
    /// </summary>
    private static LogLevel? HostingLevel(IConfiguration configuration)
    {
        var logging = configuration.GetSection("Logging");
        var global = MostSpecificLevel(logging.GetSection("LogLevel")) ?? LogLevel.Information;
        var wanted = global < LogLevel.Warning
            || logging.GetChildren().Any(provider => MostSpecificLevel(provider.GetSection("LogLevel")) is < LogLevel.Warning);
        return wanted ? null : global;

        static LogLevel? MostSpecificLevel(IConfigurationSection levels) =>
            HostingCategories.Select(category => levels[category]).FirstOrDefault(level => level is not null) is { } level
                && Enum.TryParse<LogLevel>(level, ignoreCase: true, out var parsed)
                ? parsed
                : null;
    }

    /// <summary>Whether the application has started (once <see cref="IHostApplicationLifetime.ApplicationStarted"/> fired).</summary>
    private sealed class HostStarted : IHostedService
    {
        private volatile bool _started;

        public bool Started => _started;

        public HostStarted Watching(IHostApplicationLifetime lifetime)
        {
            lifetime.ApplicationStarted.Register(() => _started = true);
            return this;
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

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
