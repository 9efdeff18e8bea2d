using GraphQL;
using Microsoft.Extensions.Options;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>
/// Accepts WebSocket requests at the GraphQL path that speak graphql-transport-ws (the graphql-ws library's protocol,
/// which Banana Cake Pop, Apollo and urql use) and runs each connection. A WebSocket request that does not offer that
/// subprotocol is refused with HTTP 400 before the upgrade, as GraphQL.NET Server does: the legacy Apollo protocol
/// (subscriptions-transport-ws, also named graphql-ws) is not served. Open sockets are capped per caller and in total
/// (<see cref="StreamLimits"/>): one more upgrade is refused with HTTP 429 before it is accepted.
/// </summary>
internal sealed class GraphQLWebSocketHandler(
    GraphQLRequestRunner runner,
    IGraphQLTextSerializer serializer,
    IServiceScopeFactory scopes,
    IOptions<GraphQLSubscriptionOptions> options,
    IOptions<GraphQLHttpOptions> httpOptions,
    StreamLimits limits,
    IHostApplicationLifetime lifetime,
    ILogger<GraphQLWebSocketConnection> logger)
{
    public const string SubProtocol = "graphql-transport-ws";

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol, StringComparer.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = GraphQLMediaTypes.Json + "; charset=utf-8";
            var result = new ExecutionResult
            {
                Errors = [new ExecutionError($"WebSocket requests must ask for the {SubProtocol} subprotocol (Sec-WebSocket-Protocol: {SubProtocol}).")
                {
                    Code = "INVALID_REQUEST",
                }],
            };
            await serializer.WriteAsync(context.Response.Body, result, context.RequestAborted);
            return;
        }

        using var lease = await limits.TryEnterAsync(context, limits.Sockets);
        if (lease is null)
        {
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(SubProtocol);
        var connection = new GraphQLWebSocketConnection(socket, context, runner, serializer, scopes, options.Value,
            httpOptions.Value.MaxRequestBodyBytes, context.RequestServices.GetService<IGraphQLConnectionInitHandler>(), logger);
        await connection.RunAsync(lifetime.ApplicationStopping);
    }
}
