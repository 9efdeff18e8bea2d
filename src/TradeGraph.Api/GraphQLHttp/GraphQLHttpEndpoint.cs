using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using Microsoft.Net.Http.Headers;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Api.GraphQL.Loading;
using TradeGraph.Api.GraphQL.Schema;
using TradeGraph.Api.GraphQLHttp.Batching;
using TradeGraph.Api.GraphQLHttp.Caching;
using TradeGraph.Api.Security;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>
/// GraphQL over HTTP (the GraphQL-over-HTTP spec, as audited by graphql-http): GET and POST, content negotiation between
/// application/graphql-response+json and application/json, the spec's status codes, and never a 500 for bad input.
/// The same path serves the streaming transports: a WebSocket upgrade goes to <see cref="GraphQLWebSocketHandler"/>
/// (graphql-transport-ws), and a client that prefers text/event-stream gets <see cref="GraphQLEventStream"/> (graphql-sse).
/// </summary>
internal sealed class GraphQLHttpEndpoint(
    GraphQLRequestRunner runner,
    IGraphQLTextSerializer serializer,
    GraphQLWebSocketHandler webSockets,
    GraphQLEventStream eventStream,
    ResponseCache responseCache,
    IHostApplicationLifetime lifetime,
    AccessRule accessRule,
    GraphQLRequestReader reader,
    GraphQLBatchRunner batches,
    EntityTags entityTags)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (context.WebSockets.IsWebSocketRequest)
        {
            await webSockets.HandleAsync(context);
            return;
        }

        var request = context.Request;
        if (SchemaDocument.IsRequested(request))
        {
            await SchemaDocument.WriteAsync(context);
            return;
        }

        var isGet = HttpMethods.IsGet(request.Method);
        if (!isGet && !HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers.Allow = "GET, POST";
            await WriteRequestErrorAsync(context, StatusCodes.Status405MethodNotAllowed, GraphQLMediaTypes.Json,
                $"Method {request.Method} is not allowed; use GET or POST.");
            return;
        }

        if (SelectMediaType(request) is not { } mediaType)
        {
            await WriteRequestErrorAsync(context, StatusCodes.Status406NotAcceptable, GraphQLMediaTypes.Json,
                $"None of the accepted media types is supported; accept {GraphQLMediaTypes.GraphQLResponse}, {GraphQLMediaTypes.Json} "
                + $"or {GraphQLMediaTypes.EventStream}.");
            return;
        }

        // Problems with the request itself are plain HTTP errors even for an event stream (as graphql-sse does).
        var isEventStream = mediaType == GraphQLMediaTypes.EventStream;
        var errorMediaType = isEventStream ? GraphQLMediaTypes.Json : mediaType;
        var (requests, problem) = isGet ? reader.ReadGet(request) : await reader.ReadPostAsync(context);
        if (requests is null)
        {
            await WriteRequestErrorAsync(context, problem!.Status, errorMediaType, problem.Message, problem.Code);
            return;
        }

        var caller = await Caller.FromAsync(context);
        if (requests.IsBatch)
        {
            await (isEventStream
                ? WriteRequestErrorAsync(context, StatusCodes.Status406NotAcceptable, GraphQLMediaTypes.Json, $"A batch is answered as {GraphQLMediaTypes.Json}; accept it.")
                : batches.HandleAsync(context, requests.Requests, caller));
            return;
        }

        // A persisted document (trusted id, or Apollo's hash) becomes the document it names; an unknown one is a coded error.
        var (graphQLRequest, refusal) = runner.Prepare(requests.Requests[0], caller);
        if (graphQLRequest is null)
        {
            await WriteRefusalAsync(context, refusal!, errorMediaType);
            return;
        }

        // Event streams are capped per caller and in total (429 over a cap) and paced to what the client reads.
        using var eventStreamSlot = isEventStream ? await eventStream.OpenAsync(context) : null;
        if (isEventStream && eventStreamSlot is null)
        {
            return;
        }

        var transport = (isGet, isEventStream) switch
        {
            (true, false) => GraphQLTransport.HttpGet,
            (false, false) => GraphQLTransport.HttpPost,
            (true, true) => GraphQLTransport.EventStreamGet,
            (false, true) => GraphQLTransport.EventStreamPost,
        };
        var costRequest = GraphQLCostHeader.Read(request);
        // The key is built only where it is used (the response cache, or a GET's entity tag): it serializes the variables.
        var requestKey = !isEventStream && costRequest == CostRequest.None && !caller.PresentedInvalidKey && (responseCache.Enabled || isGet)
            ? ResponseCache.KeyFor(graphQLRequest, mediaType, caller.Partition, serializer)
            : null;
        var cacheKey = responseCache.Enabled ? requestKey : null;
        var computedAt = responseCache.Version;
        // Only a query answers a GET with 200, so a tag the client holds is a query's: 304 if the caller may read now.
        var entityTag = isGet ? entityTags.TagFor(requestKey, computedAt) : null;
        if (entityTag is not null && EntityTags.Matches(request, entityTag) && accessRule.Refusal(caller, OperationType.Query) is null)
        {
            entityTags.NotModified(context.Response, entityTag);
            return;
        }

        // Access is decided before any answer: an entry the caller may not run now is not served (execution refuses it).
        if (cacheKey is not null && responseCache.Find(cacheKey) is { } hit && accessRule.Refusal(caller, hit.Operation) is null)
        {
            var cached = hit.Body;
            if (entityTag is not null)
            {
                entityTags.Apply(context.Response, entityTag);
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = GraphQLMediaTypes.ContentTypeOf(mediaType);
            context.Response.ContentLength = cached.Length;
            await context.Response.Body.WriteAsync(cached, context.RequestAborted);
            return;
        }

        var userContext = new Dictionary<string, object?> { [Caller.ContextKey] = caller };
        if (eventStreamSlot is not null)
        {
            userContext[SubscriptionWindow.ContextKey] = eventStreamSlot.Window;
        }

        // Shutdown cancels a running operation too (its store statement is interrupted): a graceful stop need not wait for it.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        ExecutionResult result;
        try
        {
            result = await runner.ExecuteAsync(graphQLRequest, transport, context.RequestServices, context.User, userContext, ending.Token,
                validateOnly: costRequest == CostRequest.Validate);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = GraphQLMediaTypes.ContentTypeOf(errorMediaType);
            var stopping = new ExecutionResult { Errors = [new TradeGraphError(ErrorCodes.ServerStopping, "The server is stopping; try again shortly.")] };
            await serializer.WriteAsync(context.Response.Body, stopping, CancellationToken.None);
            return;
        }

        if (costRequest != CostRequest.None)
        {
            result = GraphQLCostHeader.Apply(costRequest, result, userContext, context.RequestServices.GetRequiredService<RequestLoaders>().RoundTrips);
        }

        // A mutation over GET is refused with 405 whatever the client accepts; anything else goes down the stream
        // (a cost validation, which runs nothing, is one plain answer).
        if (eventStreamSlot is not null && costRequest != CostRequest.Validate && !(result.Errors ?? []).Any(e => e is HttpMethodNotAllowedError))
        {
            await eventStream.WriteAsync(context, result, eventStreamSlot);
            return;
        }

        context.Response.StatusCode = StatusFor(result, errorMediaType, context.Response);
        context.Response.ContentType = GraphQLMediaTypes.ContentTypeOf(errorMediaType);
        if (entityTag is not null && ResponseCache.IsKeepable(result) && responseCache.Version == computedAt)
        {
            entityTags.Apply(context.Response, entityTag);
        }

        if (cacheKey is null)
        {
            await (serializer is JsonAnswerSerializer answers
                ? answers.WriteBodyAsync(context.Response, result, context.RequestAborted)
                : serializer.WriteAsync(context.Response.Body, result, context.RequestAborted));
            return;
        }

        using var buffer = new MemoryStream();
        await serializer.WriteAsync(buffer, result, context.RequestAborted);
        var body = buffer.ToArray();
        responseCache.Keep(cacheKey, computedAt, result, body);
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static int StatusFor(ExecutionResult result, string mediaType, HttpResponse response)
    {
        // Not executed and no error: a cost validation's answer (GraphQL-Cost: validate), 200 as in Hot Chocolate.
        if (result.Executed || result.Errors is not { Count: > 0 })
        {
            return StatusCodes.Status200OK;
        }

        var errors = result.Errors ?? [];
        // Apollo Client and urql expect these with 200, and then send the document.
        if (errors.All(e => e.Code is ErrorCodes.PersistedQueryNotFound or ErrorCodes.PersistedQueryNotSupported))
        {
            return StatusCodes.Status200OK;
        }

        if (errors.Any(e => e is HttpMethodNotAllowedError))
        {
            response.Headers.Allow = "POST";
            return StatusCodes.Status405MethodNotAllowed;
        }

        if (errors.Any(e => e.Code == ErrorCodes.Unauthenticated))
        {
            response.Headers.WWWAuthenticate = "Bearer";
            return StatusCodes.Status401Unauthorized;
        }

        if (errors.Any(e => e.Code == ErrorCodes.Forbidden))
        {
            return StatusCodes.Status403Forbidden;
        }

        if (errors.Any(e => e is EventStreamRequiredError))
        {
            return StatusCodes.Status406NotAcceptable;
        }

        if (errors.Any(e => e is TimeoutError))
        {
            return StatusCodes.Status504GatewayTimeout;
        }

        // Request errors: application/json keeps 200 (legacy clients), graphql-response+json says 400.
        return mediaType == GraphQLMediaTypes.Json ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
    }

    /// <summary>Honours Accept with q-values (the first of equals wins); no Accept or a wildcard gets application/json; null means 406.</summary>
    private static string? SelectMediaType(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (accept.Count == 0 || string.IsNullOrWhiteSpace(accept.ToString()))
        {
            return GraphQLMediaTypes.Json;
        }

        // One plain media type (what most clients send) needs no parsing of a list with q-values.
        if (accept.Count == 1 && PlainMediaType(accept[0]) is { } plain)
        {
            return plain;
        }

        if (!MediaTypeHeaderValue.TryParseList(accept, out var values))
        {
            return GraphQLMediaTypes.Json;
        }

        foreach (var value in values.Where(v => v.Quality is not 0).OrderByDescending(v => v.Quality ?? 1))
        {
            if (value.Charset.HasValue && !value.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var type = value.MediaType.Value ?? "";
            if (type.Equals(GraphQLMediaTypes.GraphQLResponse, StringComparison.OrdinalIgnoreCase))
            {
                return GraphQLMediaTypes.GraphQLResponse;
            }

            if (type.Equals(GraphQLMediaTypes.EventStream, StringComparison.OrdinalIgnoreCase))
            {
                return GraphQLMediaTypes.EventStream;
            }

            if (type.Equals(GraphQLMediaTypes.Json, StringComparison.OrdinalIgnoreCase)
                || type.Equals("*/*", StringComparison.Ordinal)
                || type.Equals("application/*", StringComparison.OrdinalIgnoreCase))
            {
                return GraphQLMediaTypes.Json;
            }
        }

        return null;
    }

    private static string? PlainMediaType(string? accept) => accept switch
    {
        _ when string.Equals(accept, GraphQLMediaTypes.Json, StringComparison.OrdinalIgnoreCase) => GraphQLMediaTypes.Json,
        _ when string.Equals(accept, GraphQLMediaTypes.GraphQLResponse, StringComparison.OrdinalIgnoreCase) => GraphQLMediaTypes.GraphQLResponse,
        _ when string.Equals(accept, GraphQLMediaTypes.EventStream, StringComparison.OrdinalIgnoreCase) => GraphQLMediaTypes.EventStream,
        "*/*" => GraphQLMediaTypes.Json,
        _ => null,
    };

    /// <summary>A request that cannot run (<see cref="GraphQLRequestRunner.Prepare"/>): 400 for a malformed one, else as any request error.</summary>
    private async Task WriteRefusalAsync(HttpContext context, ExecutionError refusal, string mediaType)
    {
        var refused = new ExecutionResult { Errors = [refusal] };
        context.Response.StatusCode = refusal.Code == RequestProblem.InvalidRequest ? StatusCodes.Status400BadRequest : StatusFor(refused, mediaType, context.Response);
        context.Response.ContentType = GraphQLMediaTypes.ContentTypeOf(mediaType);
        await serializer.WriteAsync(context.Response.Body, refused, context.RequestAborted);
    }

    private async Task WriteRequestErrorAsync(HttpContext context, int status, string mediaType, string message, string code = RequestProblem.InvalidRequest)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = GraphQLMediaTypes.ContentTypeOf(mediaType);
        var result = new ExecutionResult { Errors = [new ExecutionError(message) { Code = code }] };
        await serializer.WriteAsync(context.Response.Body, result, context.RequestAborted);
    }
}
