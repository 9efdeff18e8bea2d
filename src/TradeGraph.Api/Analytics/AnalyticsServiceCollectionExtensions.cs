using Microsoft.Extensions.Options;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.Analytics;

public static class AnalyticsServiceCollectionExtensions
{
    /// <summary>
    /// The analytics service (projections, rankings, communities; the scores queries sort and filter by) and its warm-up.
    /// Register after the store: warming reads a migrated, seeded store, so it starts after the store's initializer.
    /// </summary>
    public static IServiceCollection AddTradeGraphAnalytics(this IServiceCollection services)
    {
        services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AnalyticsOptions>, RenamedAnalyticsSettings>();
        services.AddSingleton<AnalyticsService>();
        services.AddSingleton<IScoreSource>(provider => provider.GetRequiredService<AnalyticsService>());
        services.AddSingleton<AnalyticsStartupGate>();
        services.AddHostedService<AnalyticsWarmUp>();
        return services;
    }
}
