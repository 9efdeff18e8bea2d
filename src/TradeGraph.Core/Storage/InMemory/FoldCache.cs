using System.Runtime.CompilerServices;
using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Storage.InMemory;

/// <summary>
/// Folded forms of the read model's strings (names, keys, aliases), kept as long as the string itself: a case- and
/// accent-insensitive filter folds every candidate, and folding (Unicode normalization) costs far more than a lookup.
/// </summary>
internal static class FoldCache
{
    private static readonly ConditionalWeakTable<string, string> Folded = [];

    public static string Fold(string text) => Folded.GetValue(text, TextFolding.Fold);
}
