namespace TradeGraph.Core.Seeding;

/// <summary>A seed that cannot be loaded; nothing of it has been written.</summary>
public sealed class SeedValidationException(IReadOnlyList<SeedError> errors)
    : Exception($"The seed was rejected, nothing was loaded ({errors.Count} problem(s)):{Environment.NewLine}"
                + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<SeedError> Errors { get; } = errors;
}
