using Microsoft.Extensions.Options;
using TradeGraph.Api.Storage;
using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Revisions;

public static class RevisionServiceCollectionExtensions
{
    /// <summary>
    /// Follows the store's committed revision log (<c>Storage:RevisionLog</c>): every commit, this process's or another's,
    /// reaches the read model, the graph's version (response cache, analytics) and subscribers, once each, in order. Call
    /// after <c>AddGraphStorage</c> (its initializer must migrate the store first) and <c>AddTradeGraphLiveUpdates</c>.
    /// </summary>
    public static IServiceCollection AddRevisionFollowing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RevisionLogOptions>().BindConfiguration(RevisionLogOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new RevisionFollower(
            sp.GetRequiredService<StoreOfRecord>().Store,
            sp.GetRequiredService<IGraphStore>() as ReadModelGraphStore,
            sp.GetRequiredService<GraphModel>(),
            sp.GetRequiredService<LocalCommits>(),
            sp.GetRequiredService<GraphVersion>(),
            sp.GetRequiredService<IGraphChangeFeed>(),
            sp.GetRequiredService<IOptions<RevisionLogOptions>>().Value.BatchSize));
        var options = configuration.GetSection(RevisionLogOptions.SectionName).Get<RevisionLogOptions>() ?? new RevisionLogOptions();
        if (options.Follow)
        {
            services.AddHostedService<RevisionFollowing>();
        }

        return services;
    }
}
