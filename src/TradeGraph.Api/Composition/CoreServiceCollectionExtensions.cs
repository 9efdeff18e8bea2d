using TradeGraph.Core.Ingestion;
using TradeGraph.Core.Model;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Composition;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// What Core gives every store alike: the model, the graph's version (caches drop with it), the local commits the
    /// revision follower publishes, the writer (validate → store → publish) and the article ingestor.
    /// </summary>
    public static IServiceCollection AddTradeGraphCore(this IServiceCollection services)
    {
        services.AddSingleton(TradeModel.Define());
        services.AddSingleton<GraphVersion>();
        services.AddSingleton<LocalCommits>();
        services.AddSingleton<GraphWriter>();
        services.AddSingleton<ArticleIngestor>();
        return services;
    }
}
