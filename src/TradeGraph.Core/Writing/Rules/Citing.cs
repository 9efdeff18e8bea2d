using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;

namespace TradeGraph.Core.Writing.Rules;

/// <summary>
/// The one rule for citing: a citation is the (source, locator) pair; citing it again changes nothing unless the note
/// differs; new ones go after the stored ones, in the order given; a cited key must be a Source.
/// </summary>
internal static class Citing
{
    /// <summary>
    /// <paramref name="stored"/> with <paramref name="sources"/> cited (<paramref name="selfSource"/>: the Source being
    /// written, which may cite itself). On the first key that is not a Source, stops with the refusal and the citations
    /// added before it: the store writes those, and the refusal fails the batch either way.
    /// </summary>
    public static (FactCitations Citations, WriteRefusal? Refusal) Cite(IReadOnlyList<SourceReference> stored, IReadOnlyList<SourceReference> sources,
        IReadOnlyDictionary<string, StoredEntity> found, string? selfSource)
    {
        var all = stored.ToList();
        var changed = new List<SourceReference>();
        foreach (var source in sources)
        {
            var isSource = source.Source == selfSource
                || (found.TryGetValue(source.Source, out var entity) && entity.Kind.Name == GraphModel.SourceKind);
            if (!isSource)
            {
                return (new FactCitations(all, changed), WriteRefusal.NoSource(source.Source, "sources"));
            }

            var at = all.FindIndex(c => c.Source == source.Source && (c.Locator ?? "") == (source.Locator ?? ""));
            var cited = SourceReference.Stored(source.Source, source.Locator is { Length: > 0 } locator ? locator : null, source.Note);
            if (at < 0)
            {
                all.Add(cited);
            }
            else if ((all[at].Note ?? "") != (source.Note ?? ""))
            {
                all[at] = cited;
            }
            else
            {
                continue;
            }

            changed.Add(cited);
        }

        return (new FactCitations(all, changed), null);
    }
}
