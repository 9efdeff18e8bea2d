using System.Text;
using GraphQL;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>
/// GraphQL over server-sent events, the graphql-sse protocol's "distinct connections mode": one request, one stream.
/// Every result is an <c>event: next</c> whose data is the result's JSON, and <c>event: complete</c> ends the stream.
/// A query or mutation gives one next; a subscription one per change until the client disconnects. Errors found before
/// execution (validation, unknown kinds) are a next holding the errors, since the protocol has the server accept the
/// stream and report them there; an error ending a subscription likewise. Idle streams get a comment line every
/// <see cref="GraphQLSubscriptionOptions.KeepAliveInterval"/> so proxies keep them open.
/// </summary>
internal sealed partial class GraphQLEventStream(
    IGraphQLTextSerializer serializer,
    IOptions<GraphQLSubscriptionOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<GraphQLEventStream> logger)
{
    private static readonly byte[] Complete = Encoding.UTF8.GetBytes("event: complete\ndata:\n\n");
    private static readonly byte[] KeepAlive = Encoding.UTF8.GetBytes(":\n\n");
    private static readonly byte[] NextHeader = Encoding.UTF8.GetBytes("event: next\ndata: ");
    private static readonly byte[] EventEnd = Encoding.UTF8.GetBytes("\n\n");

    /// <summary>Streams <paramref name="result"/> (or, for a subscription, its results) as the response.</summary>
    public async Task WriteAsync(HttpContext context, ExecutionResult result)
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
        try
        {
            // Headers go out now: the client knows the stream is open before the first change.
            await response.StartAsync(cancellationToken);
            await response.Body.FlushAsync(cancellationToken);

            var stream = result.Streams?.Values.SingleOrDefault();
            if (stream is null)
            {
                await WriteNextAsync(response, result, writeLock, cancellationToken);
            }
            else
            {
                await WriteStreamAsync(response, stream, writeLock, cancellationToken);
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
    }

    private async Task WriteStreamAsync(HttpResponse response, IObservable<ExecutionResult> stream, SemaphoreSlim writeLock, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var keepAlive = KeepAliveAsync(response, writeLock, stop.Token);
        try
        {
            await foreach (var item in stream.ReadAllAsync(options.Value.BufferSize, cancellationToken))
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

    private async Task KeepAliveAsync(HttpResponse response, SemaphoreSlim writeLock, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeepAliveInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await WriteLockedAsync(response, KeepAlive, writeLock, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (IOException e)
        {
            // The connection broke; the event loop hears of it through RequestAborted.
            LogKeepAliveFailed(logger, e);
        }
    }

    private async Task WriteNextAsync(HttpResponse response, ExecutionResult result, SemaphoreSlim writeLock, CancellationToken cancellationToken)
    {
        // The serializer writes one line (JSON escapes every newline in strings), as a data: field needs.
        var json = Encoding.UTF8.GetBytes(serializer.Serialize(result));
        await writeLock.WaitAsync(cancellationToken);
        try
        {
            await response.Body.WriteAsync(NextHeader, cancellationToken);
            await response.Body.WriteAsync(json, cancellationToken);
            await response.Body.WriteAsync(EventEnd, cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }
        finally
        {
            writeLock.Release();
        }
    }

    private static async Task WriteLockedAsync(HttpResponse response, byte[] bytes, SemaphoreSlim writeLock, CancellationToken cancellationToken)
    {
        await writeLock.WaitAsync(cancellationToken);
        try
        {
            await response.Body.WriteAsync(bytes, cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }
        finally
        {
            writeLock.Release();
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Debug, Message = "Event stream keep-alive failed")]
    private static partial void LogKeepAliveFailed(ILogger logger, Exception exception);
}
