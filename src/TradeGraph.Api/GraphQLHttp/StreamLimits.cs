using System.Text;
using GraphQL;
using Microsoft.Extensions.Options;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Api.Security;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>
/// The caps on open WebSockets and event streams (<see cref="GraphQLSubscriptionOptions"/>), one per process. A caller is
/// its API key's name when it sent a valid key, else its remote IP address: a key names one party wherever it connects
/// from, while an anonymous caller has nothing but its address.
/// </summary>
internal sealed class StreamLimits(IOptions<GraphQLSubscriptionOptions> options, IGraphQLTextSerializer serializer)
{
    public ConnectionLimit Sockets { get; } = new("WebSockets",
        options.Value.MaxSockets, nameof(GraphQLSubscriptionOptions.MaxSockets),
        options.Value.MaxSocketsPerCaller, nameof(GraphQLSubscriptionOptions.MaxSocketsPerCaller));

    public ConnectionLimit EventStreams { get; } = new("event streams",
        options.Value.MaxEventStreams, nameof(GraphQLSubscriptionOptions.MaxEventStreams),
        options.Value.MaxEventStreamsPerCaller, nameof(GraphQLSubscriptionOptions.MaxEventStreamsPerCaller));

    /// <summary>Who <paramref name="context"/> counts as for the per-caller caps.</summary>
    public static async Task<string> CallerOfAsync(HttpContext context)
    {
        var caller = await Caller.FromAsync(context);
        return caller.IsAuthenticated
            ? "key:" + caller.Name
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    /// <summary>
    /// A lease on one more connection for the request's caller, or null after answering HTTP 429 with
    /// <see cref="ErrorCodes.StreamLimitExceeded"/> naming the cap and the setting.
    /// </summary>
    public async Task<IDisposable?> TryEnterAsync(HttpContext context, ConnectionLimit limit)
    {
        var lease = limit.TryEnter(await CallerOfAsync(context), out var refusal);
        if (lease is not null)
        {
            return lease;
        }

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.ContentType = GraphQLMediaTypes.Json + "; charset=utf-8";
        var result = new ExecutionResult
        {
            Errors = [new TradeGraphError(ErrorCodes.StreamLimitExceeded, refusal!)],
        };
        var body = Encoding.UTF8.GetBytes(serializer.Serialize(result));
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
        return null;
    }
}
