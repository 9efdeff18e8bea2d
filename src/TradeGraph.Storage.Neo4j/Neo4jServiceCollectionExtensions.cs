using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j;

/// <summary>Registers the Neo4j Query API client. The graph store on top of it is registered elsewhere.</summary>
public static class Neo4jServiceCollectionExtensions
{
    /// <summary>
    /// Options (<c>Storage:Neo4j</c>, else NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD / NEO4J_DATABASE from
    /// IConfiguration, validated on start), the HttpClient, the resilience pipeline, <see cref="INeo4jQueryRunner"/>
    /// (one <see cref="Neo4jQueryApiClient"/> per application: it holds the bookmarks, the pipeline the circuit) and
    /// <see cref="Neo4jHealthCheck"/>. Needs an IConfiguration in the container, as every host has.
    /// </summary>
    public static IServiceCollection AddNeo4jQueryApi(this IServiceCollection services)
    {
        services.AddOptions<Neo4jOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<Neo4jOptions>, Neo4jOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Neo4jOptions>, Neo4jOptionsValidator>());

        services.TryAddSingleton(provider => new Neo4jResilience(
            provider.GetRequiredService<IOptions<Neo4jOptions>>().Value, provider.GetService<TimeProvider>() ?? TimeProvider.System));

        // The client is a singleton holding one HttpClient for good, so the handler is never rotated by the factory
        // (infinite lifetime) and SocketsHttpHandler replaces pooled connections itself every few minutes instead,
        // which picks up DNS changes (Aura, a moved cluster member). Timeouts belong to the pipeline, not HttpClient.
        services.AddHttpClient(Neo4jQueryApiClient.HttpClientName)
            .ConfigureHttpClient((provider, http) =>
            {
                http.BaseAddress = Neo4jQueryApiClient.BaseAddressOf(provider.GetRequiredService<IOptions<Neo4jOptions>>().Value.Uri!);
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(3) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

        // A typed client (activated by ITypedHttpClientFactory with its HttpClient), kept as a singleton.
        services.TryAddSingleton(provider => provider.GetRequiredService<ITypedHttpClientFactory<Neo4jQueryApiClient>>()
            .CreateClient(provider.GetRequiredService<IHttpClientFactory>().CreateClient(Neo4jQueryApiClient.HttpClientName)));
        services.TryAddSingleton<INeo4jQueryRunner>(provider => provider.GetRequiredService<Neo4jQueryApiClient>());
        services.TryAddSingleton<Neo4jHealthCheck>();
        return services;
    }
}
