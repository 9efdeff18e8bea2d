namespace TradeGraph.Core.Graph;

/// <summary>
/// The rule a whole-graph document keeps (an export, a topology read): every relationship's ends and every source a
/// fact cites are entities of the document itself, so it imports again as it is and projects whole. A store that
/// cannot read its graph as one snapshot checks what it read against this rule.
/// </summary>
public static class DocumentReferences
{
    /// <summary>
    /// The references of <paramref name="document"/> that name no entity of it, at most <paramref name="limit"/> of
    /// them, each as "REPRESENTS(xi, china): to 'china'" or "entity 'xi': source 'report-1'". Empty when the rule holds.
    /// </summary>
    public static IReadOnlyList<string> Dangling(GraphDocument document, int limit = 5)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var keys = new HashSet<string>(document.Entities.Select(e => e.Key), StringComparer.Ordinal);
        var dangling = new List<string>();
        foreach (var entity in document.Entities)
        {
            foreach (var source in entity.Sources)
            {
                if (!keys.Contains(source.Source) && dangling.Count < limit)
                {
                    dangling.Add($"entity '{entity.Key}': source '{source.Source}'");
                }
            }
        }

        foreach (var r in document.Relationships)
        {
            if (!keys.Contains(r.From) && dangling.Count < limit)
            {
                dangling.Add($"{r.Type}({r.From}, {r.To}): from '{r.From}'");
            }

            if (!keys.Contains(r.To) && dangling.Count < limit)
            {
                dangling.Add($"{r.Type}({r.From}, {r.To}): to '{r.To}'");
            }

            foreach (var source in r.Sources)
            {
                if (!keys.Contains(source.Source) && dangling.Count < limit)
                {
                    dangling.Add($"{r.Type}({r.From}, {r.To}): source '{source.Source}'");
                }
            }
        }

        return dangling;
    }
}
