using System.Text.RegularExpressions;
using TradeGraph.Core.Querying;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// The read shapes the fake executes, each known by its exact text (as the writes are) and acted out as its Cypher says:
/// entities by key (every set of parts), the substring search (its Java regexes run as .NET regexes), ranked search on
/// the full-text index (<see cref="FakeFullTextIndex"/>: the whitespace analyzer's tokens, not our splitter; forward and
/// backward pages) and history. Pages and neighbours are FakeNeo4j.Pages' (with statistics and the export), cited facts
/// FakeNeo4j.CitedFacts'; other pages and aggregates are generated per filter and order and are not executed here (their text
/// is pinned by the golden tests).
/// </summary>
internal sealed partial class FakeNeo4j
{
    /// <summary>
    /// Every set of a node's own parts: a node read's text does not depend on the relationship parts, so the sets that differ
    /// only in those are the same statement (one handler each; the parity tests still read all 64 sets).
    /// </summary>
    private static readonly EntityParts[] EveryParts = [.. Enumerable.Range(0, (int)EntityParts.All + 1).Select(p => (EntityParts)p)
        .Where(p => (p & (EntityParts.RelationshipProperties | EntityParts.RelationshipSources)) == 0)];

    private void RegisterReads()
    {
        var reads = new CypherReads(_model);
        foreach (var parts in EveryParts)
        {
            Handle(reads.GetEntities([], parts).Text, p => GetEntities(Strings(p["p0"]), parts));
            // Every shape of a ranked page: forward or back, with or without each cursor.
            string?[] cursors = [null, SearchCursor.Encode(0, "")];
            foreach (var (forward, after, before) in from f in new[] { true, false } from a in cursors from b in cursors select (f, a, b))
            {
                var page = forward ? new PageRequest(First: 1, After: after, Before: before) : new PageRequest(Last: 1, After: after, Before: before);
                Handle(reads.SearchRanked(new SearchQuery("x", page, Parts: parts))!.Text,
                    p => SearchRanked(p, parts, forward, after is not null, before is not null));
            }
        }

        Handle(reads.Search("x", 1).Text, Search);
        RegisterSearchWords();
        Handle(reads.History([]).Text, p => ReadHistory(Strings(p["p0"])));
    }

    /// <summary>
    /// Schema versions 3 (entities) and 5 (passages), one fake for both steps: the old index dropped (recorded), the nodes of
    /// the step's label listed by key with their texts, their words saved where every text is unchanged (an absent one
    /// compared as the statement's coalesce default).
    /// </summary>
    private void RegisterSearchWords()
    {
        foreach (var step in SearchTextStatements.Steps)
        {
            _schemaTexts.Add(step.DropIndex().Text);
            Handle(step.ListText("", 0).Text, p =>
                Many([SearchTextStatements.Key, .. step.Texts.Select(t => t.Name)], [.. AllNodes.Where(n => n.Labels.Contains(step.Label))
                    .Where(n => string.CompareOrdinal(n.Key, (string)p["after"]!) > 0).OrderBy(n => n.Key, StringComparer.Ordinal).Take((int)(long)p["limit"]!)
                    .Select(n => Row([n.Key, .. step.Texts.Select(t => Decode(n.Properties.GetValueOrDefault(t.Name)))]))]));
            Handle(step.Save([]).Text, p => Set(() =>
            {
                foreach (var row in Rows(p["rows"]))
                {
                    if (Find(step.Label, (string)row["key"]!) is { } node
                        && step.Texts.All(t => SameText(Decode(node.Properties.GetValueOrDefault(t.Name)), t.Missing, row[t.Name])))
                    {
                        SetAll(node.Properties, (IReadOnlyDictionary<string, object?>)row["search"]!);
                    }
                }
            }));
        }
    }

    /// <summary>Cypher's <c>coalesce(n.p, missing) = row.p</c> (or <c>n.p = row.p</c> without a default): a null never equals.</summary>
    private static bool SameText(object? stored, string? missing, object? expected) => (stored ?? missing switch
    {
        null => null,
        "[]" => new List<object?>(),
        "''" => "",
        _ => throw new InvalidOperationException($"The fake knows no default {missing}."),
    }) switch
    {
        null => false,
        string text => Equals(text, expected),
        var list => Strings(list).SequenceEqual(Strings(expected)),
    };

    /// <summary>UNWIND the keys, then per key the :Entity node, UNION ALL the node of each kind that is not an entity.</summary>
    private QueryResult GetEntities(IReadOnlyList<string> keys, EntityParts parts) =>
        Many([CypherReads.Labels, CypherReads.Properties], [.. keys.Distinct().SelectMany(key => _statements.KeyLabels
            .Select(label => Find(label, key)).Where(n => n is not null)
            .Select(n => Row(n!.Labels.ToList<object?>(), Project(n, parts))))]);

    /// <summary>The map CypherProjection returns for the parts: every property for a whole read, else the asked ones (absent ones null).</summary>
    private object? Project(FakeNode node, EntityParts parts)
    {
        if (parts.Covers(EntityParts.Aliases | EntityParts.Description | EntityParts.Properties | EntityParts.Sources))
        {
            return node.Read();
        }

        var names = new List<string> { "key", "name" };
        names.AddRange(parts.HasFlag(EntityParts.Aliases) ? ["aliases"] : []);
        names.AddRange(parts.HasFlag(EntityParts.Description) ? ["description"] : []);
        names.AddRange(parts.HasFlag(EntityParts.Sources) ? [WriteStatements.SourceKeysProperty, WriteStatements.SourceLocatorsProperty, WriteStatements.SourceNotesProperty] : []);
        names.AddRange(parts.HasFlag(EntityParts.Properties) ? _model.Kinds.SelectMany(k => k.Properties).Select(p => p.Name).Distinct(StringComparer.Ordinal) : []);
        return names.Distinct(StringComparer.Ordinal).ToDictionary(name => name, name => Decode(node.Properties.GetValueOrDefault(name)), StringComparer.Ordinal);
    }

    /// <summary>Reads.Search: any spelling matching $p0 (contains); score 4/3/2/1 by $p1..$p3; by score, name (null first), key; $p4 rows.</summary>
    private QueryResult Search(IReadOnlyDictionary<string, object?> p)
    {
        var hits = AllNodes.Where(n => n.Labels.Contains(CypherNames.EntityLabel))
            .Select(n => (Node: n, Spellings: Spellings(n)))
            .Where(n => n.Spellings.Any(Matcher(p["p0"])))
            .Select(n => (n.Node, Score: n.Spellings.Any(Matcher(p["p1"])) ? 4L : n.Spellings.Any(Matcher(p["p2"])) ? 3L : n.Spellings.Any(Matcher(p["p3"])) ? 2L : 1L))
            .OrderByDescending(h => h.Score).ThenBy(h => h.Node.Properties.ContainsKey("name")).ThenBy(h => h.Node.Properties.GetValueOrDefault("name") as string, StringComparer.Ordinal)
            .ThenBy(h => h.Node.Key, StringComparer.Ordinal)
            .Take((int)(long)p["p4"]!);
        return Many([CypherReads.Labels, CypherReads.Properties, CypherReads.Score], [.. hits.Select(h => Row(h.Node.Labels.ToList<object?>(), h.Node.Read(), h.Score))]);
    }

    /// <summary>
    /// Reads.SearchRanked: the index's hits for the Lucene query $p1 among :Entity nodes, of the kinds $p2, plus 2 (a spelling
    /// equal to the text, $p3) or 1 (starting with it, $p4), rounded to 6 places; strictly after the after cursor (score,
    /// key: $p5, $p6) and before the before cursor (the next two) when there are; best first then by key, or going back
    /// the reverse; the last parameter's count of rows.
    /// </summary>
    private QueryResult SearchRanked(IReadOnlyDictionary<string, object?> p, EntityParts parts, bool forward, bool after, bool before)
    {
        var query = (string)p["p1"]!;
        var kinds = Strings(p["p2"]);
        var limit = (long)p[$"p{p.Count - 1}"]!;
        var window = new SearchWindow(after ? new SearchPosition((double)p["p5"]!, (string)p["p6"]!) : null,
            before ? new SearchPosition((double)p[after ? "p7" : "p5"]!, (string)p[after ? "p8" : "p6"]!) : null);
        var hits = AllNodes.Where(n => n.Labels.Contains(CypherNames.EntityLabel))
            .Select(n => (Node: n, Relevance: FakeFullTextIndex.Score(query, field => n.Properties.GetValueOrDefault(field) as string)))
            .Where(h => h.Relevance is not null && h.Node.Labels.Overlaps(kinds))
            .Select(h => (h.Node, Score: Math.Round(h.Relevance!.Value
                + (Spellings(h.Node).Any(Matcher(p["p3"])) ? 2.0 : Spellings(h.Node).Any(Matcher(p["p4"])) ? 1.0 : 0.0), 6, MidpointRounding.AwayFromZero)))
            .Where(h => window.Contains(h.Score, h.Node.Key, string.CompareOrdinal))
            .OrderByDescending(h => h.Score).ThenBy(h => h.Node.Key, StringComparer.Ordinal)
            .ToList();
        var page = (forward ? hits : Enumerable.Reverse(hits)).Take((int)limit);
        return Many([CypherReads.Labels, CypherReads.Properties, CypherReads.Score], [.. page.Select(h => Row(h.Node.Labels.ToList<object?>(), Project(h.Node, parts), h.Score))]);
    }

    /// <summary>Reads.History: the records of the facts, by revision descending, then sequence descending with a missing one last.</summary>
    private QueryResult ReadHistory(IReadOnlyList<string> facts)
    {
        StoreProperty[] columns = [StoreProperty.Fact, StoreProperty.Revision, StoreProperty.At, StoreProperty.Actor, StoreProperty.Change,
            StoreProperty.Changes, StoreProperty.SourceKeys, StoreProperty.SourceLocators, StoreProperty.SourceNotes, StoreProperty.Editorial, StoreProperty.Sequence];
        var rows = History.Where(h => facts.Contains((string)h["fact"]!))
            .OrderByDescending(h => (long)h["revision"]!).ThenByDescending(h => h.ContainsKey("seq")).ThenByDescending(h => h.GetValueOrDefault("seq") as long?)
            .Select(h => Row([.. columns.Select(c => Decode(h.GetValueOrDefault(StoreNames.Of(c))))]));
        return Many([.. columns.Select(CypherReads.HistoryColumn)], [.. rows]);
    }

    /// <summary>The name and aliases of a node, as the statements' spellings list.</summary>
    private static List<string> Spellings(FakeNode node) =>
        [.. new[] { node.Properties.GetValueOrDefault("name") as string }.OfType<string>().Concat(Strings(Decode(node.Properties.GetValueOrDefault("aliases"))))];

    /// <summary>Cypher's <c>=~</c> with a Java pattern: a whole-string match; <c>\x{…}</c> is .NET's <c>\uXXXX</c> (the patterns are BMP only).</summary>
    private static Func<string, bool> Matcher(object? javaPattern)
    {
        var pattern = Regex.Replace((string)javaPattern!, @"\\x\{([0-9A-F]+)\}", m => @"\u" + m.Groups[1].Value.PadLeft(4, '0'));
        var regex = new Regex(@"\A(?:" + pattern + @")\z", RegexOptions.CultureInvariant);
        return regex.IsMatch;
    }
}
