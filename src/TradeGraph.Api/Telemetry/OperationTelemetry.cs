using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using GraphQL;
using GraphQL.Transport;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;
using TradeGraph.Api.GraphQL;
using TradeGraph.Api.GraphQL.Loading;
using TradeGraph.Api.GraphQLHttp;
using TradeGraph.Core.Telemetry;

namespace TradeGraph.Api.Telemetry;

/// <summary>
/// What one GraphQL operation records, for every transport: a span (operation type and name, the document's SHA-256,
/// the store calls its loaders made — never a variable value or the document text, which may hold literals), the
/// duration histogram by operation and outcome, errors by code, and the slow-operation log line.
/// </summary>
internal sealed partial class OperationTelemetry(IOptions<TelemetryOptions> options, ILogger<OperationTelemetry> logger)
{
    /// <summary>The span's name until the operation is known (a document that does not parse never gets another).</summary>
    public const string SpanName = "graphql.request";

    private const string Anonymous = "(anonymous)";

    private readonly TelemetryOptions _options = options.Value;

    /// <summary>Starts timing an operation; null-cheap when nobody listens.</summary>
    public static OperationTiming Start() =>
        new(TradeGraphTelemetry.Source.StartActivity(SpanName, ActivityKind.Internal), Stopwatch.GetTimestamp());

    /// <summary>Records the operation once it has an answer (or threw <paramref name="failure"/>).</summary>
    public void Stop(in OperationTiming timing, GraphQLRequest request, ExecutionResult? result, Exception? failure,
        IDictionary<string, object?> userContext, IServiceProvider services)
    {
        var elapsed = Stopwatch.GetElapsedTime(timing.Started);
        var operation = result?.Operation;
        var type = operation is null ? "unknown" : TypeName(operation.Operation);
        var name = operation is null ? Anonymous : operation.Name?.StringValue ?? Anonymous;
        var outcome = Outcome(result, failure);

        TradeGraphTelemetry.RequestDuration.Record(elapsed.TotalSeconds, new TagList
        {
            { "graphql.operation.name", name },
            { "graphql.operation.type", type },
            { "outcome", outcome },
        });
        string? firstCode = null;
        foreach (var error in result?.Errors ?? [])
        {
            if (error is ValidateOnlyListener.NotExecuted)
            {
                continue;
            }

            var code = error.Code ?? "UNKNOWN";
            firstCode ??= code;
            TradeGraphTelemetry.Errors.Add(1, new TagList { { "error.code", code } });
        }

        var roundTrips = RoundTrips(services);
        if (timing.Activity is { IsAllDataRequested: true } activity)
        {
            activity.DisplayName = operation is null ? SpanName : name == Anonymous ? type : type + " " + name;
            activity.SetTag("graphql.operation.type", type);
            activity.SetTag("graphql.operation.name", operation?.Name?.StringValue);
            activity.SetTag("graphql.document.hash", request.Query is { } query ? Hash(query) : null);
            activity.SetTag("tradegraph.outcome", outcome);
            activity.SetTag("tradegraph.store_calls", roundTrips);
            if (firstCode is not null || failure is not null)
            {
                // The code, never the message: messages may quote the values that were refused.
                activity.SetStatus(ActivityStatusCode.Error, firstCode ?? failure!.GetType().Name);
            }
        }

        timing.Activity?.Dispose();
        if (_options.LogSlowOperations && elapsed >= _options.SlowOperationThreshold)
        {
            var cost = userContext.TryGetValue(CostAnalysis.ContextKey, out var estimate) && estimate is OperationCost known ? known.FieldCost : (double?)null;
            SlowOperation(logger, name, type, outcome, elapsed.TotalMilliseconds, cost, roundTrips);
        }
    }

    /// <summary>The store calls the operation's loaders made; 0 when its scope is already gone (a host stopping under it).</summary>
    private static int RoundTrips(IServiceProvider services)
    {
        try
        {
            return services.GetService<RequestLoaders>()?.RoundTrips ?? 0;
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
    }

    /// <summary><c>ok</c>, <c>error</c> (executed, with errors), <c>refused</c> (not executed: parse, validation, limits) or <c>cancelled</c>.</summary>
    private static string Outcome(ExecutionResult? result, Exception? failure) => failure switch
    {
        OperationCanceledException => "cancelled",
        not null => "exception",
        _ when result is null => "exception",
        _ when !result.Executed => "refused",
        _ when result.Errors is { Count: > 0 } => "error",
        _ => "ok",
    };

    private static string TypeName(OperationType type) => type switch
    {
        OperationType.Query => "query",
        OperationType.Mutation => "mutation",
        OperationType.Subscription => "subscription",
        _ => "unknown",
    };

    private static string Hash(string document) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning,
        Message = "Slow GraphQL operation {OperationName} ({OperationType}, {Outcome}) took {DurationMs:0.0} ms: estimated field cost {FieldCost}, store round trips {StoreRoundTrips}")]
    private static partial void SlowOperation(ILogger logger, string operationName, string operationType, string outcome, double durationMs,
        double? fieldCost, int storeRoundTrips);
}

/// <summary>A started operation: its span (when recorded) and start time.</summary>
internal readonly record struct OperationTiming(Activity? Activity, long Started);
