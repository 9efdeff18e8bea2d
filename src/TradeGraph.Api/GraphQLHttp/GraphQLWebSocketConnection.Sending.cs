using System.Net.WebSockets;
using System.Text;
using GraphQL;
using GraphQL.Transport;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>The connection's output: messages (one send at a time, each within the send timeout) and closing.</summary>
internal sealed partial class GraphQLWebSocketConnection
{
    private OperationMessage Next(Operation operation, ExecutionResult result) => protocol.Result(operation.Id, result);

    /// <summary>Ends an operation from our side; the id is free again before the client hears of it.</summary>
    private async Task CompleteAsync(Operation operation)
    {
        if (_operations.TryRemove(new KeyValuePair<string, Operation>(operation.Id, operation)))
        {
            await SendAsync(protocol.Complete(operation.Id), _lifetime.Token);
        }
    }

    /// <summary>The <c>error</c> message: the operation ends, and no <c>complete</c> follows.</summary>
    private async Task SendErrorsAsync(Operation operation, IEnumerable<ExecutionError> errors)
    {
        if (_operations.TryRemove(new KeyValuePair<string, Operation>(operation.Id, operation)))
        {
            await SendAsync(protocol.Errors(operation.Id, [.. errors]), _lifetime.Token);
        }
    }

    /// <summary>Sends one message, after any other send; never throws (a broken or closing connection is the receive loop's to end).</summary>
    private async Task SendAsync(OperationMessage message, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(serializer.Serialize(message));
        try
        {
            await _writeLock.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.SendTimeout);
        try
        {
            if (!_closing && socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The client has not read for SendTimeout: drop it (a close frame would wait behind the same full buffer).
            // The receive loop then ends, and with it every operation.
            LogSendTimedOut(logger, options.SendTimeout);
            _closing = true;
            socket.Abort();
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            LogSendFailed(logger, e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private Task CloseAsync(int code, string reason) => CloseAsync((WebSocketCloseStatus)code, reason);

    /// <summary>Sends our close frame (once), stops every operation, and gives the client a moment to answer.</summary>
    private async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        await _writeLock.WaitAsync(CancellationToken.None);
        try
        {
            if (_closing)
            {
                return;
            }

            _closing = true;
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
                await socket.CloseOutputAsync(status, reason, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            LogSendFailed(logger, e);
        }
        finally
        {
            _writeLock.Release();
        }

        foreach (var operation in _operations.Values)
        {
            await operation.CancelAsync();
        }

        _lifetime.CancelAfter(CloseHandshakeTimeout);
    }

    [LoggerMessage(EventId = 21, Level = LogLevel.Debug, Message = "GraphQL WebSocket send failed; the connection is going away")]
    private static partial void LogSendFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "GraphQL WebSocket aborted: the client read nothing for {SendTimeout}")]
    private static partial void LogSendTimedOut(ILogger logger, TimeSpan sendTimeout);
}
