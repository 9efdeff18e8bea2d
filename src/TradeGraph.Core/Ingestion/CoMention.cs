namespace TradeGraph.Core.Ingestion;

/// <summary>Which entities an article names together: candidates for who-met-whom, for a curator to confirm.</summary>
public static class CoMention
{
    /// <summary>
    /// Every pair of distinct entities mentioned in a same paragraph, with the paragraphs they share; pairs sharing
    /// the most paragraphs first, then by <see cref="CoMentionedPair.FirstKey"/> and <see cref="CoMentionedPair.SecondKey"/>.
    /// </summary>
    public static IReadOnlyList<CoMentionedPair> Pairs(IEnumerable<Mention> mentions)
    {
        ArgumentNullException.ThrowIfNull(mentions);

        var pairs = new Dictionary<(string First, string Second), SortedSet<int>>();
        foreach (var paragraph in mentions.GroupBy(m => m.Paragraph))
        {
            var keys = paragraph.Select(m => m.Key).Distinct().Order(StringComparer.Ordinal).ToArray();
            for (var i = 0; i < keys.Length; i++)
            {
                for (var j = i + 1; j < keys.Length; j++)
                {
                    if (!pairs.TryGetValue((keys[i], keys[j]), out var shared))
                    {
                        pairs[(keys[i], keys[j])] = shared = [];
                    }

                    shared.Add(paragraph.Key);
                }
            }
        }

        return
        [
            .. pairs
                .Select(p => new CoMentionedPair(p.Key.First, p.Key.Second, [.. p.Value]))
                .OrderByDescending(p => p.Paragraphs.Count)
                .ThenBy(p => p.FirstKey, StringComparer.Ordinal)
                .ThenBy(p => p.SecondKey, StringComparer.Ordinal),
        ];
    }
}
