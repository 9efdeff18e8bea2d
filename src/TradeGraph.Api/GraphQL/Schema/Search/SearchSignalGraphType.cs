using GraphQL.Types;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.GraphQL.Schema.Search;

/// <summary><c>SearchSignal</c>: a ranking that found a hit (entity and passage search).</summary>
internal sealed class SearchSignalGraphType : EnumerationGraphType
{
    public const string Text = "TEXT";
    public const string Semantic = "SEMANTIC";

    public SearchSignalGraphType()
    {
        Name = "SearchSignal";
        Description = "A ranking that found a hit.";
        Add(Text, Text, "The full-text ranking.");
        Add(Semantic, Semantic, "The embedding ranking.");
    }

    /// <summary>The rankings that found a hit, text first; a hit without signals was found by text alone.</summary>
    public static IEnumerable<string> Of(HitSignals? signals) => signals is null
        ? [Text]
        : new[] { signals.TextRank is null ? null : Text, signals.SemanticRank is null ? null : Semantic }.OfType<string>();
}
