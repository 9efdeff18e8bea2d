using Microsoft.Extensions.Options;
using TradeGraph.Api.GraphQLHttp;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.GraphQL;

public static class LiveUpdatesServiceCollectionExtensions
{
    /// <summary>
    /// Registers live updates: the change feed writes publish to after commit (<see cref="IGraphChangeFeed"/>, one per
    /// process), and the streaming transports of the GraphQL path: graphql-transport-ws over WebSocket (the app must also
    /// call <c>UseWebSockets()</c>) and GraphQL over server-sent events.
    /// </summary>
    public static IServiceCollection AddTradeGraphLiveUpdates(this IServiceCollection services)
    {
        services.AddOptions<GraphQLSubscriptionOptions>().BindConfiguration(GraphQLSubscriptionOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider => new GraphChangeFeed(provider.GetRequiredService<IOptions<GraphQLSubscriptionOptions>>().Value.BufferSize));
        services.AddSingleton<IGraphChangeFeed>(provider => provider.GetRequiredService<GraphChangeFeed>());
        services.AddSingleton<GraphQLRequestRunner>();
        services.AddSingleton<GraphQLWebSocketHandler>();
        services.AddSingleton<GraphQLEventStream>();
        services.AddSingleton<StreamLimits>();
        // WebSocket ping frames keep idle connections open through proxies; a client that answers no ping within
        // KeepAliveTimeout (gone, or not reading) is aborted.
        services.AddOptions<WebSocketOptions>().Configure<IOptions<GraphQLSubscriptionOptions>>((webSockets, subscriptions) =>
        {
            webSockets.KeepAliveInterval = subscriptions.Value.KeepAliveInterval;
            webSockets.KeepAliveTimeout = subscriptions.Value.KeepAliveTimeout;
        });
        return services;
    }
}
