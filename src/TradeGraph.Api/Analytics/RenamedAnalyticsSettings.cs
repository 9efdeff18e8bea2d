using Microsoft.Extensions.Options;

namespace TradeGraph.Api.Analytics;

/// <summary>
/// Refuses to start on the cache budgets' old names (counted in nodes + relationships), which are no longer read: a
/// configuration that sets them would otherwise run on the byte defaults without a word.
/// </summary>
internal sealed class RenamedAnalyticsSettings(IConfiguration configuration) : IValidateOptions<AnalyticsOptions>
{
    private static readonly (string Old, string New)[] Renamed =
    [
        ("CacheBudget", nameof(AnalyticsOptions.CacheBudgetBytes)),
        ("WindowedOrWeightedCacheBudget", nameof(AnalyticsOptions.WindowedOrWeightedCacheBudgetBytes)),
    ];

    public ValidateOptionsResult Validate(string? name, AnalyticsOptions options)
    {
        var section = configuration.GetSection(AnalyticsOptions.SectionName);
        var failures = Renamed
            .Where(setting => section[setting.Old] is not null)
            .Select(setting => $"{AnalyticsOptions.SectionName}:{setting.Old} is no longer read (it counted nodes + relationships); " +
                $"set {AnalyticsOptions.SectionName}:{setting.New}, a budget in bytes, instead.")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
