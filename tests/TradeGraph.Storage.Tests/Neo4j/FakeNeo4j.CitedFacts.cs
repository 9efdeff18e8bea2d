using TradeGraph.Core.Querying;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// The fake acting out <see cref="CypherReads.CitedFacts"/> in every shape a page takes: forward or backward, with an
/// after and / or a before cursor, each an entity's (fact, key, locator: its null ends are written into the text, not
/// passed) or a relationship's (fact, type, from, to, locator). Per source: entities by key, then relationships by
/// (type, from, to), each citation once per locator, strictly between the cursors, read in the page's direction.
/// </summary>
internal sealed partial class FakeNeo4j
{
    private static readonly CitationCursor?[] CursorShapes = [null, new CitationCursor(0, "", null, null, ""), new CitationCursor(1, "", "", "", "")];

    /// <summary>The statement's order: fact kind, then k1, k2, k3 and the locator, each compared as Cypher compares strings.</summary>
    private static readonly Comparer<string[]> PositionOrder = Comparer<string[]>.Create((a, b) =>
        a.Zip(b, string.CompareOrdinal).FirstOrDefault(c => c != 0));

    private void RegisterCitedFacts()
    {
        var reads = new CypherReads(_model);
        foreach (var forward in new[] { true, false })
        {
            foreach (var after in CursorShapes)
            {
                foreach (var before in CursorShapes)
                {
                    Handle(reads.CitedFacts([], new KeysetPaging(forward, 0), after, before).Text, p => CitedFactsPage(p, forward, after, before));
                }
            }
        }
    }

    private QueryResult CitedFactsPage(IReadOnlyDictionary<string, object?> p, bool forward, CitationCursor? afterShape, CitationCursor? beforeShape)
    {
        // Parameters in the order the statement adds them: the sources, the after cursor's values, the before cursor's, the limit.
        var next = 1;
        var after = afterShape is null ? null : CursorValues(p, afterShape, ref next);
        var before = beforeShape is null ? null : CursorValues(p, beforeShape, ref next);
        var limit = (int)(long)p[$"p{next}"]!;
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var source in Strings(p["p0"]).Distinct(StringComparer.Ordinal))
        {
            var onNodes = AllNodes.Where(n => n.Labels.Overlaps(_statements.KeyLabels))
                .SelectMany(n => Locators(n.Properties, source).Distinct().Select(locator => (Fact: 0L, K1: (string)n.Properties["key"]!, K2: "", K3: "",
                    Locator: (string?)locator ?? "", Labels: (object?)n.Labels.ToList<object?>(), Properties: WithoutVector(n.Read()))));
            var onRelationships = Relationships
                .SelectMany(r => Locators(r.Properties, source).Distinct().Select(locator => (Fact: 1L, K1: r.Type, K2: r.From, K3: r.To,
                    Locator: (string?)locator ?? "", Labels: (object?)null, Properties: r.Read())));
            var inOrder = onNodes.Concat(onRelationships).OrderBy(f => Position(f.Fact, f.K1, f.K2, f.K3, f.Locator), PositionOrder).ToList();
            var page = (forward ? inOrder : Enumerable.Reverse(inOrder))
                .Where(f => (after is null || PositionOrder.Compare(Position(f.Fact, f.K1, f.K2, f.K3, f.Locator), after) > 0)
                    && (before is null || PositionOrder.Compare(Position(f.Fact, f.K1, f.K2, f.K3, f.Locator), before) < 0))
                .Take(limit)
                .Select(f => (object?)new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    [CypherReads.Fact] = f.Fact, [CypherReads.Locator] = f.Locator, [CypherReads.Labels] = f.Labels, [CypherReads.Properties] = f.Properties,
                    [CypherReads.Type] = f.K1, [CypherReads.FromKey] = f.Fact == 0 ? null : f.K2, [CypherReads.ToKey] = f.Fact == 0 ? null : f.K3,
                }).ToList();
            rows.Add(Row(source, page));
        }

        return Many([CypherReads.Source, CypherReads.Rows], rows);
    }

    /// <summary>A cursor's values from the parameters: an entity's ends are not passed (null in the text), a relationship's are.</summary>
    private static string[] CursorValues(IReadOnlyDictionary<string, object?> p, CitationCursor shape, ref int next)
    {
        string Take(ref int index) => Convert.ToString(p[$"p{index++}"], System.Globalization.CultureInfo.InvariantCulture)!;
        var fact = Take(ref next);
        var k1 = Take(ref next);
        var (k2, k3) = shape.K2 is null ? ("", "") : (Take(ref next), Take(ref next));
        return [fact, k1, k2, k3, Take(ref next)];
    }

    private static string[] Position(long fact, string k1, string k2, string k3, string locator) =>
        [fact.ToString(System.Globalization.CultureInfo.InvariantCulture), k1, k2, k3, locator];
}
