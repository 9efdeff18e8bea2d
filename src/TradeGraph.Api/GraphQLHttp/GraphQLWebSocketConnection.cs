using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using GraphQLParser.AST;

using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Api.GraphQL.Schema;
using TradeGraph.Api.Security;
using TradeGraph.Core.Telemetry;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>
/// One GraphQL WebSocket connection, in the framing of its <see cref="WebSocketSubprotocol"/>: graphql-transport-ws
/// (enisdenjo/graphql-ws PROTOCOL.md) or the legacy Apollo graphql-ws, whose names are given here in brackets
/// (<c>start</c>, <c>data</c>, <c>stop</c>; a refused init gets <c>connection_error</c>, and the server sends <c>ka</c>
/// every keep-alive interval). The client must send <c>connection_init</c>
/// within <see cref="GraphQLSubscriptionOptions.ConnectionInitTimeout"/> (else 4408; twice is 4429) and is answered
/// <c>connection_ack</c>. Then each <c>subscribe</c> runs one operation (4401 before the ack, 4409 for an id in use):
/// a subscription sends a <c>next</c> per result and <c>complete</c> when its source ends, a query or mutation one
/// <c>next</c> and <c>complete</c>, and a request that cannot run an <c>error</c>. A client <c>complete</c> stops an
/// operation; <c>ping</c> gets <c>pong</c>; anything else closes the socket with 4400. Sends are serialized, since
/// operations send from their own tasks.
/// Limits: a <c>subscribe</c> over <see cref="GraphQLSubscriptionOptions.MaxOperationsPerSocket"/> running operations gets
/// an <c>error</c> (OPERATION_LIMIT_EXCEEDED) and the socket stays open; a send that waits longer than
/// <see cref="GraphQLSubscriptionOptions.SendTimeout"/> for a client that does not read aborts the socket (a close frame
/// could not reach it either); each subscription computes at most <see cref="GraphQLSubscriptionOptions.MaxResultsInFlight"/>
/// results ahead of what was sent (<see cref="SubscriptionWindow"/>); the caller's key is checked again before each
/// <c>subscribe</c> and when the key configuration changes, and a revoked key closes the socket with 4403.
/// </summary>
internal sealed partial class GraphQLWebSocketConnection(
    WebSocket socket,
    WebSocketSubprotocol protocol,
    HttpContext context,
    GraphQLRequestRunner runner,
    IGraphQLTextSerializer serializer,
    IServiceScopeFactory scopes,
    GraphQLSubscriptionOptions options,
    long maxMessageBytes,
    IGraphQLConnectionInitHandler? authenticator,
    ILogger<GraphQLWebSocketConnection> logger)
{
    /// <summary>How long the client has to answer our close frame before the socket is dropped.</summary>
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, Operation> _operations = new(StringComparer.Ordinal);
    private readonly List<Task> _running = [];
    private readonly CancellationTokenSource _lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
    private int _initReceived;
    private volatile bool _acknowledged;
    private volatile bool _closing;

    /// <summary>
    /// The <c>connection_init</c> payload, kept for whatever authenticates connections later (see
    /// <see cref="IGraphQLConnectionInitHandler"/>, which also receives it); null until init, or when the client sent none.
    /// </summary>
    public JsonElement? InitPayload { get; private set; }

    /// <summary>Serves the connection until either side closes it, or <paramref name="stopping"/> (the app shutting down) closes it with 1001.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var initTimeout = CloseUnlessAcknowledgedAsync();
        var shutdown = Task.CompletedTask;
        var registration = stopping.Register(() => shutdown = CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "The server is shutting down"));
        var credentials = authenticator?.WatchCredentials(() => Track(CloseUnlessStillAuthorizedAsync()));
        TradeGraphTelemetry.OpenWebSockets.Add(1);
        try
        {
            await ReceiveAsync();
        }
        finally
        {
            TradeGraphTelemetry.OpenWebSockets.Add(-1);
            // Whoever closed, every operation stops and ends (disposing its DI scope) before the request does.
            credentials?.Dispose();
            await registration.DisposeAsync();
            await _lifetime.CancelAsync();
            Task[] running;
            lock (_running)
            {
                running = [.. _running, initTimeout, shutdown];
            }

            await Task.WhenAll(running);
            _lifetime.Dispose();
            _writeLock.Dispose();
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[4096];
        using var message = new MemoryStream();
        while (true)
        {
            ValueWebSocketReceiveResult received;
            try
            {
                received = await socket.ReceiveAsync(buffer.AsMemory(), _lifetime.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The client went away, the request was aborted, or it never answered our close.
                return;
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                // The client closes, or answers our close: complete the handshake if it is ours to complete.
                await CloseAsync(WebSocketCloseStatus.NormalClosure, "");
                return;
            }

            if (_closing)
            {
                // We have closed: whatever else arrives before the client's close frame is ignored.
                continue;
            }

            message.Write(buffer, 0, received.Count);
            if (message.Length > maxMessageBytes)
            {
                await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"Messages are limited to {maxMessageBytes} bytes");
                continue;
            }

            if (!received.EndOfMessage)
            {
                continue;
            }

            var text = received.MessageType == WebSocketMessageType.Text
                ? Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length)
                : null;
            message.SetLength(0);
            await HandleMessageAsync(text);
        }
    }

    private async Task HandleMessageAsync(string? text)
    {
        var message = Parse(text);
        switch (message is null ? ClientMessage.Unknown : protocol.Classify(message.Type))
        {
            case ClientMessage.ConnectionInit:
                await InitializeAsync(message!);
                break;
            case ClientMessage.Ping:
                await SendAsync(new OperationMessage { Type = "pong", Payload = message!.Payload }, _lifetime.Token);
                break;
            case ClientMessage.Pong:
                break;
            case ClientMessage.Subscribe:
                await SubscribeAsync(message!);
                break;
            case ClientMessage.Stop when !string.IsNullOrEmpty(message!.Id):
                // Unsubscribe; an id with no operation (already complete) is ignored, as the protocol asks.
                if (_operations.TryRemove(message.Id, out var operation))
                {
                    await operation.CancelAsync();
                }

                break;
            case ClientMessage.Terminate:
                await CloseAsync(WebSocketCloseStatus.NormalClosure, "Terminated by the client");
                break;
            default:
                await CloseAsync(4400, message is null ? "Invalid message received" : $"Invalid message of type '{message.Type}'");
                break;
        }
    }

    private OperationMessage? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            var message = serializer.Deserialize<OperationMessage>(text);
            // Payloads are objects or absent (ping and pong may carry any object).
            return message?.Payload is JsonElement { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) } ? null : message;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NotSupportedException)
        {
            return null;
        }
    }

    private async Task InitializeAsync(OperationMessage message)
    {
        if (Interlocked.Exchange(ref _initReceived, 1) == 1)
        {
            await CloseAsync(4429, "Too many initialisation requests");
            return;
        }

        InitPayload = message.Payload is JsonElement { ValueKind: JsonValueKind.Object } payload ? payload : null;
        if (authenticator is not null && !await authenticator.OnConnectionInitAsync(context, InitPayload, _lifetime.Token))
        {
            if (protocol.Refuse("Forbidden") is { } refusal)
            {
                await SendAsync(refusal, _lifetime.Token);
            }

            await CloseAsync(4403, "Forbidden");
            return;
        }

        _acknowledged = true;
        await SendAsync(protocol.Acknowledge(), _lifetime.Token);
        if (protocol.KeepAlive is { } keepAlive)
        {
            await SendAsync(keepAlive, _lifetime.Token);
            Track(KeepAliveAsync(keepAlive));
        }
    }

    /// <summary>The protocol's own keep-alive message every KeepAliveInterval, until the connection ends.</summary>
    private async Task KeepAliveAsync(OperationMessage keepAlive)
    {
        using var timer = new PeriodicTimer(options.KeepAliveInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_lifetime.Token))
            {
                await SendAsync(keepAlive, _lifetime.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended.
        }
    }

    private async Task SubscribeAsync(OperationMessage message)
    {
        if (!_acknowledged)
        {
            await CloseAsync(4401, "Unauthorized");
            return;
        }

        GraphQLRequest? request = null;
        try
        {
            request = message.Payload is null ? null : serializer.ReadNode<GraphQLRequest>(message.Payload);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NotSupportedException)
        {
            // Reported below, like a missing payload.
        }

        // The document may come by reference: a trusted document's id, or Apollo's persisted-query hash (resolved when it runs).
        if (string.IsNullOrEmpty(message.Id) || request is null
            || (request.Query is null && request.DocumentId is null && request.Extensions?.ContainsKey(Persisted.PersistedOperations.ExtensionName) != true))
        {
            await CloseAsync(4400, "Invalid subscribe message: it needs an id and a payload with a query (or a persisted document's id or hash)");
            return;
        }

        // A key revoked since the socket opened stops working here (and, through WatchCredentials, sooner).
        if (!await IsStillAuthorizedAsync())
        {
            await CloseAsync(4403, "Forbidden: the API key is no longer valid");
            return;
        }

        if (_operations.Count >= options.MaxOperationsPerSocket && !_operations.ContainsKey(message.Id))
        {
            // The operation is refused, the socket and its other operations go on (as for any request that cannot run).
            await SendAsync(protocol.Errors(message.Id,
            [
                new TradeGraphError(ErrorCodes.OperationLimitExceeded,
                    $"This socket already runs {options.MaxOperationsPerSocket} operations, the limit "
                    + $"({GraphQLSubscriptionOptions.SectionName}:{nameof(GraphQLSubscriptionOptions.MaxOperationsPerSocket)}). "
                    + "Complete one first, or open another socket."),
            ]), _lifetime.Token);
            return;
        }

        var operation = new Operation(message.Id, _lifetime.Token);
        if (!_operations.TryAdd(message.Id, operation))
        {
            var id = message.Id.Length > 64 ? message.Id[..64] + "…" : message.Id;
            await CloseAsync(4409, $"Subscriber for {id} already exists");
            return;
        }

        Track(RunOperationAsync(operation, request));
    }

    /// <summary>Keeps <paramref name="task"/> so the connection ends only after it.</summary>
    private void Track(Task task)
    {
        lock (_running)
        {
            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(task);
        }
    }

    private async Task<bool> IsStillAuthorizedAsync() =>
        authenticator is null || !_acknowledged || await authenticator.ReauthorizeAsync(context, InitPayload, _lifetime.Token);

    private async Task CloseUnlessStillAuthorizedAsync()
    {
        try
        {
            if (!await IsStillAuthorizedAsync())
            {
                await CloseAsync(4403, "Forbidden: the API key is no longer valid");
            }
        }
        catch (OperationCanceledException)
        {
            // The connection is closing anyway.
        }
    }

    private async Task RunOperationAsync(Operation operation, GraphQLRequest request)
    {
        // Off the receive loop: pings and other operations go on while this one runs.
        await Task.Yield();
        var cancellationToken = operation.Token;
        try
        {
            var user = context.User;
            (var prepared, var refusal) = runner.Prepare(request, Caller.From(user));
            if (prepared is null)
            {
                await SendErrorsAsync(operation, [refusal!]);
                return;
            }

            // An own DI scope per operation: operations on one socket run concurrently, and the upgrade request's scope
            // is shared by all of them. Events of a subscription get a scope each (the scoped subscription strategy).
            await using var scope = scopes.CreateAsyncScope();
            var window = new SubscriptionWindow(options.MaxResultsInFlight);
            var userContext = new Dictionary<string, object?> { [Caller.ContextKey] = Caller.From(user), [SubscriptionWindow.ContextKey] = window };
            var result = await runner.ExecuteAsync(prepared, GraphQLTransport.WebSocket, scope.ServiceProvider, user, userContext, cancellationToken);
            var stream = result.Streams?.Values.SingleOrDefault();
            if (!result.Executed || (stream is null && result.Operation?.Operation == OperationType.Subscription))
            {
                await SendErrorsAsync(operation, result.Errors is { Count: > 0 } errors ? errors : [new ExecutionError("The subscription could not start.")]);
                return;
            }

            if (stream is null)
            {
                await SendAsync(Next(operation, result), cancellationToken);
                await CompleteAsync(operation);
                return;
            }

            try
            {
                using var results = ExecutionResultStream.Subscribe(stream, options.BufferSize, window);
                await foreach (var item in results.ReadAllAsync(cancellationToken))
                {
                    await SendAsync(Next(operation, item), cancellationToken);
                }
            }
            catch (ExecutionError error)
            {
                await SendErrorsAsync(operation, [error]);
                return;
            }

            await CompleteAsync(operation);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client completed the operation, or the connection is closing.
        }
        catch (Exception e)
        {
            LogOperationFailed(logger, operation.Id, e);
            await SendErrorsAsync(operation, [new ExecutionError("Internal server error.")]);
        }
        finally
        {
            _operations.TryRemove(new KeyValuePair<string, Operation>(operation.Id, operation));
            operation.Dispose();
        }
    }

    private async Task CloseUnlessAcknowledgedAsync()
    {
        try
        {
            await Task.Delay(options.ConnectionInitTimeout, _lifetime.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (!_acknowledged)
        {
            await CloseAsync(4408, "Connection initialisation timeout");
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Error, Message = "GraphQL WebSocket operation {Id} failed")]
    private static partial void LogOperationFailed(ILogger logger, string id, Exception exception);
}
