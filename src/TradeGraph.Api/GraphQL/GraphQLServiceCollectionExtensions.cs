using GraphQL;
using GraphQLParser.AST;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Api.GraphQL.Loading;
using TradeGraph.Api.GraphQL.Schema;
using TradeGraph.Api.GraphQLHttp;

namespace TradeGraph.Api.GraphQL;

public static partial class GraphQLServiceCollectionExtensions
{
    /// <summary>Unexpected exceptions already logged (weakly held: gone with the exception).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Exception, object> Logged = [];

    /// <summary>
    /// Registers the generated schema, the executer, the serializer, the request loaders and the HTTP transport.
    /// Needs the analytics (<c>AddTradeGraphAnalytics</c>): the schema's analytics fields and scores read it.
    /// </summary>
    public static IServiceCollection AddTradeGraphGraphQL(this IServiceCollection services)
    {
        services.AddOptions<PagingOptions>().BindConfiguration(PagingOptions.SectionName)
            .ValidateDataAnnotations().Validate(o => o.DefaultPageSize <= o.MaxPageSize, "DefaultPageSize must not exceed MaxPageSize.")
            .ValidateOnStart();
        services.AddOptions<GraphQLHttpOptions>().BindConfiguration(GraphQLHttpOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ResponseCacheOptions>().BindConfiguration(ResponseCacheOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ResponseCache>();
        services.AddOptions<CostOptions>().BindConfiguration(CostOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DocumentShapeLimits>();
        services.AddSingleton<CostAnalysis>();
        services.AddOptions<InputLimitOptions>().BindConfiguration(InputLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<InputLimits>();
        services.AddSingleton<IntrospectionDepthRule>();
        services.AddScoped<RequestLoaders>();
        services.AddSingleton<GraphQLHttpEndpoint>();
        services.AddSingleton<DocumentCache>();
        services.AddOptions<Execution.CompiledExecutionOptions>().BindConfiguration(Execution.CompiledExecutionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<Execution.CompiledExecutionStrategy>();
        // Before AddGraphQL, which registers its own validator only when none is.
        services.AddSingleton<global::GraphQL.Validation.IDocumentValidator, CachedDocumentValidator>();
        services.AddGraphQL(graphQL => graphQL
            .AddSchema<TradeGraphSchema>()
            .AddSystemTextJson(json => json.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            // The same serializer with a one-write body for executed answers (GraphQLHttp/JsonAnswerSerializer).
            .AddSerializer<GraphQLHttp.JsonAnswerSerializer>()
            .AddErrorInfoProvider(provider => new HotChocolateErrorInfoProvider(new global::GraphQL.Execution.ErrorInfoProviderOptions
            {
                ExposeExceptionDetails = provider.GetRequiredService<IHostEnvironment>().IsDevelopment(),
            }))
            .AddUnhandledExceptionHandler((context, _) =>
            {
                // A coded error ending a subscription's stream (SUBSCRIPTION_FELL_BEHIND) comes through here too: it is no fault.
                if (context.OriginalException is ExecutionError)
                {
                    return Task.CompletedTask;
                }

                // A cursor made for another order is found by the store: the client's mistake, with the code INVALID_CURSOR.
                if (context.OriginalException is InvalidCursorException invalidCursor)
                {
                    context.ErrorMessage = invalidCursor.Message;
                    return Task.CompletedTask;
                }

                var logger = context.Context?.RequestServices?.GetService<ILogger<TradeGraphSchema>>();
                // The store cannot be reached (Neo4j down, circuit open): say so, coded STORE_UNAVAILABLE, so clients retry later.
                if (context.OriginalException is StoreUnavailableException unavailable)
                {
                    if (logger is not null)
                    {
                        LogStoreUnavailable(logger, unavailable.Message);
                    }

                    context.ErrorMessage = "The graph store is unavailable right now; try again shortly.";
                    return Task.CompletedTask;
                }

                // A failure the store explains to the client itself (Neo4j: a write that may or may not have committed, a
                // query over its memory limit, a transaction a cluster member kept losing): its message as is, its code from
                // the exception's name (NEO4J_OUTCOME_UNKNOWN, …), never retried blindly.
                if (context.OriginalException is StoreFailureException)
                {
                    context.ErrorMessage = context.OriginalException.Message;
                    return Task.CompletedTask;
                }

                // Anything else is our fault, not the client's: logged once with its stack trace (a batch loader's failure
                // reaches every field that waited on it), and answered with a neutral code, never the exception's type.
                if (logger is not null && Logged.TryAdd(context.OriginalException, Logged))
                {
                    LogUnhandled(logger, context.OriginalException);
                }

                context.ErrorMessage = "Internal server error.";
                context.Exception = new TradeGraphError(ErrorCodes.InternalServerError, context.ErrorMessage);
                return Task.CompletedTask;
            })
            .ConfigureExecution(provider => provider.GetRequiredService<DocumentCache>())
            // Queries over selections compiled once per cached operation; anything it does not handle runs on GraphQL.NET's own.
            .AddExecutionStrategy(provider => provider.GetRequiredService<Execution.CompiledExecutionStrategy>(), OperationType.Query)
            // Each subscription event resolves in a DI scope of its own (fresh RequestLoaders), disposed after the event.
            .AddScopedSubscriptionExecutionStrategy());
        return services;
    }

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "The graph store is unavailable: {Reason}")]
    private static partial void LogStoreUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Unhandled error while executing a GraphQL operation")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}
