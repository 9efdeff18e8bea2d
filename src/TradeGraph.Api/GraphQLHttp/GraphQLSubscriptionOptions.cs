using System.ComponentModel.DataAnnotations;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>Settings of the streaming transports: graphql-transport-ws over WebSocket and GraphQL over server-sent events.</summary>
public sealed class GraphQLSubscriptionOptions
{
    public const string SectionName = "GraphQL:Subscriptions";

    /// <summary>How long a new WebSocket may wait before sending connection_init; then it is closed with 4408.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an idle stream shows it is alive: WebSocket ping frames, and a comment line on an event stream.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Changes (in the change feed) or results (in a transport) one subscription may have waiting; a subscriber that lets more
    /// pile up has fallen behind and its stream ends with SUBSCRIPTION_FELL_BEHIND. Must exceed the largest committed batch.
    /// </summary>
    [Range(1, 1_000_000)]
    public int BufferSize { get; set; } = 1024;
}
