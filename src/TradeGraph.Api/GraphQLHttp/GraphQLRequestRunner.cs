using System.Security.Claims;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Validation;
using Microsoft.Extensions.Options;
using TradeGraph.Api.GraphQL;
using TradeGraph.Api.GraphQL.Loading;
using TradeGraph.Api.GraphQL.Schema;
using TradeGraph.Api.GraphQLHttp.Persisted;
using TradeGraph.Api.Security;
using TradeGraph.Api.Telemetry;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>How a request arrived; decides which operations it may run (<see cref="HttpMethodRule"/>).</summary>
internal enum GraphQLTransport
{
    HttpGet,
    HttpPost,
    EventStreamGet,
    EventStreamPost,
    WebSocket,

    /// <summary>A tool call at /mcp: queries only (<see cref="Mcp.QueriesOnlyRule"/>).</summary>
    Mcp,
}

/// <summary>
/// Runs one GraphQL request for any transport (HTTP, server-sent events, WebSocket) the same way: the validation rules
/// in the order below (on cached documents too, less those that depend on the document alone), the time limit, and the
/// caller's user and services.
/// </summary>
internal sealed class GraphQLRequestRunner(
    IDocumentExecuter<TradeGraphSchema> executer,
    IOptions<GraphQLHttpOptions> options,
    DocumentShapeLimits shapeLimits,
    CostAnalysis costAnalysis,
    IntrospectionDepthRule introspectionDepth,
    AccessRule accessRule,
    InputLimits inputLimits,
    OperationTelemetry telemetry,
    PersistedOperations persisted)
{
    // Cheapest and most decisive first: the transport's method rule and the access rule look at the operation's type only,
    // so a request without a key, or a mutation over GET, is refused before any rule walks the document. Then the shape
    // limits (linear passes) bound what the core rules may be handed, and the core rules skip a refused document
    // (SkippedOnceRefused). The argument limits and the introspection bound follow; the cost estimate runs last and only
    // when nothing was refused. A cached document passed the shape limits and the core rules, which depend on the whole
    // document alone; every other rule looks at the chosen operation or the request, so it runs again.
    private static readonly IValidationRule[] CoreRules = SkippedOnceRefused.Wrap(DocumentValidator.CoreRules);

    private readonly Dictionary<GraphQLTransport, (IValidationRule[] Rules, CachedDocumentRules CachedRules)> _rules = new()
    {
        [GraphQLTransport.HttpGet] = Rules([HttpMethodRule.Get, accessRule], shapeLimits, [inputLimits, introspectionDepth, costAnalysis]),
        [GraphQLTransport.HttpPost] = Rules([HttpMethodRule.Post, accessRule], shapeLimits, [inputLimits, introspectionDepth, costAnalysis]),
        [GraphQLTransport.EventStreamGet] = Rules([HttpMethodRule.GetEventStream, accessRule], shapeLimits, [inputLimits, introspectionDepth, costAnalysis]),
        [GraphQLTransport.EventStreamPost] = Rules([HttpMethodRule.PostEventStream, accessRule], shapeLimits, [inputLimits, introspectionDepth, costAnalysis]),
        [GraphQLTransport.WebSocket] = Rules([accessRule], shapeLimits, [inputLimits, introspectionDepth, costAnalysis]),
        [GraphQLTransport.Mcp] = Rules([Mcp.QueriesOnlyRule.Instance, accessRule], shapeLimits, [inputLimits, introspectionDepth, costAnalysis]),
    };

    /// <summary>
    /// The request to run, its persisted document (trusted id or Apollo's hash) filled in; or why it cannot run: a coded
    /// persisted-document refusal, or INVALID_REQUEST (<see cref="Refusal"/>).
    /// </summary>
    public (GraphQLRequest? Request, ExecutionError? Refusal) Prepare(GraphQLRequest request, Caller caller)
    {
        var (resolved, refusal) = persisted.Resolve(request, caller);
        return resolved is null ? (null, refusal)
            : Refusal(resolved) is { } problem ? (null, new ExecutionError(problem) { Code = RequestProblem.InvalidRequest })
            : (resolved, null);
    }

    /// <summary>Why the request cannot be run at all (no document, or one over the length limit); null when it can.</summary>
    public string? Refusal(GraphQLRequest request)
    {
        if (string.IsNullOrEmpty(request.Query))
        {
            return "The request has no `query`.";
        }

        return request.Query.Length > options.Value.MaxDocumentLength
            ? $"The document is {request.Query.Length} characters long, over the limit of {options.Value.MaxDocumentLength}."
            : null;
    }

    /// <param name="request">A request that <see cref="Refusal"/> accepted.</param>
    /// <param name="transport">How it arrived.</param>
    /// <param name="services">The scope its resolvers use; it must outlive a subscription's setup.</param>
    /// <param name="user">Who asks (the HTTP request's, or the WebSocket upgrade request's, user).</param>
    /// <param name="userContext">Holds the <see cref="Caller"/> (the access rule reads it); the validation rules add the cost estimate.</param>
    /// <param name="cancellationToken">Cancels the execution (for a subscription: its setup).</param>
    /// <param name="validateOnly">
    /// Parse, validate and estimate the cost, then stop (<c>GraphQL-Cost: validate</c>): nothing is executed, mutations included;
    /// the result has no data, and only <see cref="ValidateOnlyListener.NotExecuted"/> as its error when the operation is valid.
    /// </param>
    public async Task<ExecutionResult> ExecuteAsync(
        GraphQLRequest request,
        GraphQLTransport transport,
        IServiceProvider services,
        ClaimsPrincipal? user,
        IDictionary<string, object?> userContext,
        CancellationToken cancellationToken,
        bool validateOnly = false)
    {
        var (rules, cachedRules) = _rules[transport];
        if (validateOnly)
        {
            userContext[CostAnalysis.ValidateOnlyKey] = true;
        }

        // Every field's resolver finds the request's loaders here: resolving them from the scope takes its lock each time.
        userContext[RequestLoaders.ContextKey] = new ScopedLoaders(services, services.GetRequiredService<RequestLoaders>());
        var execution = new ExecutionOptions
        {
            Query = request.Query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = services,
            User = user,
            CancellationToken = cancellationToken,
            UserContext = userContext,
            ValidationRules = rules,
            CachedDocumentValidationRules = cachedRules,
            Timeout = options.Value.ExecutionTimeout,
        };
        if (validateOnly)
        {
            execution.Listeners.Add(ValidateOnlyListener.Instance);
        }

        var timing = OperationTelemetry.Start();
        ExecutionResult? result = null;
        Exception? failure = null;
        try
        {
            result = await executer.ExecuteAsync(execution);
            return result;
        }
        catch (Exception exception)
        {
            failure = exception;
            throw;
        }
        finally
        {
            telemetry.Stop(timing, request, result, failure, userContext, services);
        }
    }

    // See CoreRules for the order. A cached document's rules run as direct checks (CachedDocumentValidator), in the same order.
    private static (IValidationRule[], CachedDocumentRules) Rules(ICachedDocumentRule[] operationType, DocumentShapeLimits shape, ICachedDocumentRule[] operation) =>
        ([.. operationType, shape, .. CoreRules, .. operation], new CachedDocumentRules([.. operationType, .. operation]));
}
