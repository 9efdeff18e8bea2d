using System.Text.Json;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>
/// The hook for authenticating a graphql-transport-ws connection, called with the <c>connection_init</c> payload
/// (such as <c>{ "authorization": "Bearer …" }</c>) before <c>connection_ack</c>. It may set <c>context.User</c>:
/// every operation on the socket runs as that user. Returning false closes the socket with 4403 Forbidden.
/// Optional: without one registered in DI, every connection is accepted as the upgrade request's user.
/// </summary>
public interface IGraphQLConnectionInitHandler
{
    /// <param name="context">The WebSocket upgrade request (its user, headers, services).</param>
    /// <param name="payload">The connection_init payload, a JSON object; null when the client sent none.</param>
    /// <param name="cancellationToken">Cancelled when the connection goes away.</param>
    ValueTask<bool> OnConnectionInitAsync(HttpContext context, JsonElement? payload, CancellationToken cancellationToken);

    /// <summary>
    /// Called before each <c>subscribe</c> and whenever <see cref="WatchCredentials"/> reports a change: whether the
    /// credentials the connection was accepted with still hold (it may refresh <c>context.User</c>). Returning false
    /// closes the socket with 4403, ending its operations. By default they always hold.
    /// </summary>
    ValueTask<bool> ReauthorizeAsync(HttpContext context, JsonElement? payload, CancellationToken cancellationToken) => ValueTask.FromResult(true);

    /// <summary>Calls <paramref name="changed"/> when credentials may have been revoked; dispose to stop. None by default.</summary>
    IDisposable? WatchCredentials(Action changed) => null;
}
