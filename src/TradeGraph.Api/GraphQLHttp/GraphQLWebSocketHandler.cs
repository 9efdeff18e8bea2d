using GraphQL;
using Microsoft.Extensions.Options;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>
/// Accepts WebSocket requests at the GraphQL path and runs each connection in the subprotocol the client asks for
/// (Sec-WebSocket-Protocol): graphql-transport-ws (the graphql-ws library's protocol, which Banana Cake Pop, Apollo and urql
/// use), else the legacy Apollo graphql-ws (subscriptions-transport-ws, which Hot Chocolate and older Apollo clients still
/// speak). A request that offers neither is refused with HTTP 400 before the upgrade. Open sockets are capped per caller and in total
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

    /// <summary>The subprotocols served, the preferred first when a client offers both.</summary>
    private static readonly WebSocketSubprotocol[] Protocols = [GraphQLTransportWsProtocol.Instance, ApolloGraphQLWsProtocol.Instance];

    public async Task HandleAsync(HttpContext context)
    {
        var requested = context.WebSockets.WebSocketRequestedProtocols;
        var protocol = Protocols.FirstOrDefault(p => requested.Contains(p.Name, StringComparer.Ordinal));
        if (protocol is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = GraphQLMediaTypes.Json + "; charset=utf-8";
            var result = new ExecutionResult
            {
                Errors = [new ExecutionError($"WebSocket requests must ask for the {SubProtocol} or graphql-ws subprotocol (Sec-WebSocket-Protocol: {SubProtocol}).")
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

        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol.Name);
        var connection = new GraphQLWebSocketConnection(socket, protocol, context, runner, serializer, scopes, options.Value,
            httpOptions.Value.MaxRequestBodyBytes, context.RequestServices.GetService<IGraphQLConnectionInitHandler>(), logger);
        await connection.RunAsync(lifetime.ApplicationStopping);
    }
}
