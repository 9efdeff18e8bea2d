namespace TradeGraph.Core.Seeding;

/// <summary>One problem in a seed file: which file, which item in it, and why.</summary>
public sealed record SeedError(string File, string Item, string Reason)
{
    public override string ToString() => $"{File}: {Item}: {Reason}";
}
