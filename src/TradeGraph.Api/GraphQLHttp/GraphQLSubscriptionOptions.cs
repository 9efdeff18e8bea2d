using System.ComponentModel.DataAnnotations;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>
/// Settings of the streaming transports: graphql-transport-ws over WebSocket and GraphQL over server-sent events.
/// A caller, for the per-caller caps, is its API key's name, or its remote IP address when it sent no key.
/// </summary>
public sealed class GraphQLSubscriptionOptions
{
    public const string SectionName = "GraphQL:Subscriptions";

    /// <summary>How long a new WebSocket may wait before sending connection_init; then it is closed with 4408.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an idle stream shows it is alive: WebSocket ping frames, and a comment line on an event stream.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a WebSocket client has to answer a ping with a pong; then the socket is aborted.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one send (a WebSocket message, an event) may wait for a client that does not read; then the connection
    /// is dropped and its operations end.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Changes (in the change feed) one subscription may have waiting; a subscriber that lets more pile up has fallen
    /// behind and its stream ends with SUBSCRIPTION_FELL_BEHIND. A batch larger than this still reaches a subscriber that
    /// has nothing waiting.
    /// </summary>
    [Range(1, 1_000_000)]
    public int BufferSize { get; set; } = 1024;

    /// <summary>
    /// Results of one subscription being computed or waiting to be sent. When the client has not taken them, the
    /// subscription computes nothing more and its changes wait in the change feed (see <see cref="BufferSize"/>).
    /// </summary>
    [Range(1, 1024)]
    public int MaxResultsInFlight { get; set; } = 8;

    /// <summary>Operations (subscriptions, queries, mutations) running at once on one WebSocket; one more gets an error message.</summary>
    [Range(1, 10_000)]
    public int MaxOperationsPerSocket { get; set; } = 32;

    /// <summary>Open WebSockets of one caller; one more upgrade gets HTTP 429.</summary>
    [Range(1, 1_000_000)]
    public int MaxSocketsPerCaller { get; set; } = 16;

    /// <summary>Open WebSockets of all callers together; one more upgrade gets HTTP 429.</summary>
    [Range(1, 1_000_000)]
    public int MaxSockets { get; set; } = 1000;

    /// <summary>Open event streams (server-sent events) of one caller; one more gets HTTP 429.</summary>
    [Range(1, 1_000_000)]
    public int MaxEventStreamsPerCaller { get; set; } = 32;

    /// <summary>Open event streams of all callers together; one more gets HTTP 429.</summary>
    [Range(1, 1_000_000)]
    public int MaxEventStreams { get; set; } = 1000;
}
