using TradeGraph.Api.GraphQLHttp.Batching;
using TradeGraph.Api.GraphQLHttp.Caching;
using TradeGraph.Api.GraphQLHttp.Persisted;

namespace TradeGraph.Api.GraphQLHttp;

public static class GraphQLHttpFeaturesServiceCollectionExtensions
{
    /// <summary>
    /// What the transports need besides the executer: the request reader, persisted operations (automatic and trusted),
    /// batches and HTTP caching of GET queries, each with its settings validated on start.
    /// </summary>
    public static IServiceCollection AddGraphQLHttpFeatures(this IServiceCollection services)
    {
        services.AddOptions<PersistedOperationOptions>().BindConfiguration(PersistedOperationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BatchingOptions>().BindConfiguration(BatchingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HttpCachingOptions>().BindConfiguration(HttpCachingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<GraphQLRequestReader>();
        services.AddSingleton<AutomaticPersistedQueries>();
        services.AddSingleton<TrustedDocuments>();
        services.AddSingleton<PersistedOperations>();
        services.AddSingleton<GraphQLBatchRunner>();
        services.AddSingleton<EntityTags>();
        return services;
    }
}
