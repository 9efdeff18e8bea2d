using GraphQL;
using GraphQL.Transport;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>What a client message asks for, whatever the subprotocol calls it.</summary>
internal enum ClientMessage
{
    Unknown,
    ConnectionInit,
    Ping,
    Pong,
    Subscribe,
    Stop,
    Terminate,
}

/// <summary>
/// The framing of one GraphQL WebSocket subprotocol: the names of its messages and the shape of their payloads. Everything
/// else (authentication, limits, execution, subscription windows) is <see cref="GraphQLWebSocketConnection"/>'s, shared.
/// </summary>
internal abstract class WebSocketSubprotocol
{
    public abstract string Name { get; }

    /// <summary>The client messages of the protocol, by their <c>type</c>.</summary>
    protected abstract IReadOnlyDictionary<string, ClientMessage> ClientMessages { get; }

    public ClientMessage Classify(string? type) => type is not null && ClientMessages.TryGetValue(type, out var kind) ? kind : ClientMessage.Unknown;

    public virtual OperationMessage Acknowledge() => new() { Type = "connection_ack" };

    /// <summary>The message that refuses <c>connection_init</c> before the socket closes; null when the close code says it all.</summary>
    public abstract OperationMessage? Refuse(string message);

    public abstract OperationMessage Result(string id, ExecutionResult result);

    /// <summary>An operation that cannot run, or failed: it ends, and no complete follows.</summary>
    public abstract OperationMessage Errors(string id, IReadOnlyList<ExecutionError> errors);

    public virtual OperationMessage Complete(string id) => new() { Id = id, Type = "complete" };

    /// <summary>The server's keep-alive message, sent after the acknowledgement and then every keep-alive interval; null when the protocol has none.</summary>
    public virtual OperationMessage? KeepAlive => null;
}

/// <summary>graphql-transport-ws (enisdenjo/graphql-ws PROTOCOL.md): subscribe / next / error / complete, ping and pong.</summary>
internal sealed class GraphQLTransportWsProtocol : WebSocketSubprotocol
{
    public static readonly GraphQLTransportWsProtocol Instance = new();

    public override string Name => "graphql-transport-ws";

    protected override IReadOnlyDictionary<string, ClientMessage> ClientMessages { get; } = new Dictionary<string, ClientMessage>
    {
        ["connection_init"] = ClientMessage.ConnectionInit, ["ping"] = ClientMessage.Ping, ["pong"] = ClientMessage.Pong,
        ["subscribe"] = ClientMessage.Subscribe, ["complete"] = ClientMessage.Stop,
    };

    public override OperationMessage? Refuse(string message) => null;

    public override OperationMessage Result(string id, ExecutionResult result) => new() { Id = id, Type = "next", Payload = result };

    public override OperationMessage Errors(string id, IReadOnlyList<ExecutionError> errors) => new() { Id = id, Type = "error", Payload = errors.ToList() };
}

/// <summary>
/// The legacy Apollo protocol (subscriptions-transport-ws PROTOCOL.md, subprotocol <c>graphql-ws</c>), which Hot Chocolate
/// and older Apollo clients still speak: start / data / error / complete / stop, <c>connection_error</c> for a refused
/// init, <c>ka</c> keep-alives from the server, <c>connection_terminate</c> from the client. As in Hot Chocolate, an
/// <c>error</c> carries the first error as its payload.
/// </summary>
internal sealed class ApolloGraphQLWsProtocol : WebSocketSubprotocol
{
    public static readonly ApolloGraphQLWsProtocol Instance = new();

    public override string Name => "graphql-ws";

    protected override IReadOnlyDictionary<string, ClientMessage> ClientMessages { get; } = new Dictionary<string, ClientMessage>
    {
        ["connection_init"] = ClientMessage.ConnectionInit, ["start"] = ClientMessage.Subscribe, ["stop"] = ClientMessage.Stop,
        ["connection_terminate"] = ClientMessage.Terminate,
    };

    public override OperationMessage? Refuse(string message) =>
        new() { Type = "connection_error", Payload = new Dictionary<string, object?> { ["message"] = message } };

    public override OperationMessage Result(string id, ExecutionResult result) => new() { Id = id, Type = "data", Payload = result };

    public override OperationMessage Errors(string id, IReadOnlyList<ExecutionError> errors) =>
        new() { Id = id, Type = "error", Payload = errors.Count > 0 ? errors[0] : new ExecutionError("The operation failed.") };

    public override OperationMessage? KeepAlive { get; } = new() { Type = "ka" };
}
