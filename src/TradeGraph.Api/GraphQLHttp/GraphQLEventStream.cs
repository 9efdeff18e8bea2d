using System.Text;
using GraphQL;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using TradeGraph.Api.GraphQL.Schema;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>
/// GraphQL over server-sent events, the graphql-sse protocol's "distinct connections mode": one request, one stream.
/// Every result is an <c>event: next</c> whose data is the result's JSON, and <c>event: complete</c> ends the stream.
/// A query or mutation gives one next; a subscription one per change until the client disconnects. Errors found before
/// execution (validation, unknown kinds) are a next holding the errors, since the protocol has the server accept the
/// stream and report them there; an error ending a subscription likewise. Idle streams get a comment line every
/// <see cref="GraphQLSubscriptionOptions.KeepAliveInterval"/> so proxies keep them open.
/// Limits: open streams are capped per caller and in total (<see cref="OpenAsync"/>, HTTP 429 over a cap); a write (an
/// event, or a keep-alive on an idle stream) that waits longer than <see cref="GraphQLSubscriptionOptions.SendTimeout"/>
/// for a client that does not read aborts the connection, which gives back its place and ends its subscription; a subscription computes at most <see cref="GraphQLSubscriptionOptions.MaxResultsInFlight"/> results
/// ahead of what was written (<see cref="SubscriptionWindow"/>).
/// </summary>
internal sealed partial class GraphQLEventStream(
    IGraphQLTextSerializer serializer,
    IOptions<GraphQLSubscriptionOptions> options,
    StreamLimits limits,
    IHostApplicationLifetime lifetime,
    ILogger<GraphQLEventStream> logger)
{
    private static readonly byte[] Complete = Encoding.UTF8.GetBytes("event: complete\ndata:\n\n");
    private static readonly byte[] KeepAlive = Encoding.UTF8.GetBytes(":\n\n");
    private static readonly byte[] NextHeader = Encoding.UTF8.GetBytes("event: next\ndata: ");
    private static readonly byte[] EventEnd = Encoding.UTF8.GetBytes("\n\n");

    /// <summary>
    /// Takes a place for one more stream of the request's caller, before the operation runs; null when over a cap, after
    /// answering HTTP 429. The slot's window goes into the operation's user context and, with it, to <see cref="WriteAsync"/>.
    /// </summary>
    public async Task<EventStreamSlot?> OpenAsync(HttpContext context)
    {
        var lease = await limits.TryEnterAsync(context, limits.EventStreams);
        return lease is null ? null : new EventStreamSlot(lease, new SubscriptionWindow(options.Value.MaxResultsInFlight));
    }

    /// <summary>Streams <paramref name="result"/> (or, for a subscription, its results) as the response.</summary>
    public async Task WriteAsync(HttpContext context, ExecutionResult result, EventStreamSlot slot)
    {
        var response = context.Response;
        // The stream ends when the client leaves, or when the app shuts down (rather than holding the shutdown up).
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = ending.Token;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GraphQLMediaTypes.EventStream;
        response.Headers.CacheControl = "no-cache";
        // Ask reverse proxies (nginx) not to hold events back.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var writeLock = new SemaphoreSlim(1, 1);
        // Subscribed before the headers go out: a client that has seen the stream open receives every change after.
        var stream = result.Streams?.Values.SingleOrDefault();
        using var results = stream is null ? null : ExecutionResultStream.Subscribe(stream, options.Value.BufferSize, slot.Window);
        try
        {
            // Headers go out now: the client knows the stream is open before the first change.
            await response.StartAsync(cancellationToken);
            await response.Body.FlushAsync(cancellationToken);

            if (results is null)
            {
                await WriteNextAsync(response, result, writeLock, cancellationToken);
            }
            else
            {
                await WriteStreamAsync(context, results, writeLock, cancellationToken);
            }

            await WriteLockedAsync(response, Complete, writeLock, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: that is how an event stream ends a subscription.
        }
        catch (IOException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (SendTimeoutException)
        {
            Drop(context);
        }
    }

    /// <summary>The client has not read for SendTimeout: drops the connection, which ends the stream and its subscription.</summary>
    private void Drop(HttpContext context)
    {
        LogSendTimedOut(logger, options.Value.SendTimeout);
        context.Abort();
    }

    private async Task WriteStreamAsync(
        HttpContext context, ExecutionResultStream results, SemaphoreSlim writeLock, CancellationToken cancellationToken)
    {
        var response = context.Response;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var keepAlive = KeepAliveAsync(context, writeLock, stop.Token);
        try
        {
            await foreach (var item in results.ReadAllAsync(cancellationToken))
            {
                await WriteNextAsync(response, item, writeLock, cancellationToken);
            }
        }
        catch (ExecutionError error)
        {
            await WriteNextAsync(response, new ExecutionResult { Errors = [error] }, writeLock, cancellationToken);
        }
        finally
        {
            await stop.CancelAsync();
            await keepAlive;
        }
    }

    private async Task KeepAliveAsync(HttpContext context, SemaphoreSlim writeLock, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeepAliveInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await WriteLockedAsync(context.Response, KeepAlive, writeLock, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (SendTimeoutException)
        {
            // An idle stream whose client stopped reading: no event may come for hours, so drop it now rather than let it
            // hold its place and its change-feed subscriber until then.
            Drop(context);
        }
        catch (IOException e)
        {
            // The connection broke: the event loop hears of it through RequestAborted.
            LogKeepAliveFailed(logger, e);
        }
    }

    private async Task WriteNextAsync(HttpResponse response, ExecutionResult result, SemaphoreSlim writeLock, CancellationToken cancellationToken)
    {
        // The serializer writes one line (JSON escapes every newline in strings), as a data: field needs.
        var json = Encoding.UTF8.GetBytes(serializer.Serialize(result));
        await WriteLockedAsync(response, [NextHeader, json, EventEnd], writeLock, cancellationToken);
    }

    private Task WriteLockedAsync(HttpResponse response, byte[] bytes, SemaphoreSlim writeLock, CancellationToken cancellationToken) =>
        WriteLockedAsync(response, [bytes], writeLock, cancellationToken);

    /// <summary>Writes and flushes <paramref name="parts"/> as one event; throws <see cref="SendTimeoutException"/> when the client does not take them in time.</summary>
    private async Task WriteLockedAsync(HttpResponse response, byte[][] parts, SemaphoreSlim writeLock, CancellationToken cancellationToken)
    {
        await writeLock.WaitAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.SendTimeout);
        try
        {
            foreach (var part in parts)
            {
                await response.Body.WriteAsync(part, timeout.Token);
            }

            await response.Body.FlushAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SendTimeoutException();
        }
        finally
        {
            writeLock.Release();
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Debug, Message = "Event stream keep-alive failed")]
    private static partial void LogKeepAliveFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "Event stream aborted: the client read nothing for {SendTimeout}")]
    private static partial void LogSendTimedOut(ILogger logger, TimeSpan sendTimeout);

    /// <summary>A write waited longer than the send timeout.</summary>
    private sealed class SendTimeoutException : Exception;
}

/// <summary>One open event stream: its place under the caps, and its subscription's window. Dispose when the stream ends.</summary>
internal sealed class EventStreamSlot(IDisposable lease, SubscriptionWindow window) : IDisposable
{
    public SubscriptionWindow Window { get; } = window;

    public void Dispose() => lease.Dispose();
}
