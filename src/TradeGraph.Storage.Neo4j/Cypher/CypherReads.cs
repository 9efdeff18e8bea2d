using System.Text.Json;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Neo4j.Cypher;

/// <summary>
/// The Cypher statement of every read of <see cref="Neo4jGraphStore"/>, one statement per call however many keys or
/// anchors it answers for. Kept apart from the store so the statements can be pinned by golden tests without a server.
/// Entities come back as <c>{labels, properties}</c> (<see cref="Entity"/> is made from them), relationships as their
/// properties; the column and map key names are the constants below.
/// </summary>
internal sealed class CypherReads(GraphModel model)
{
    // Column names and map keys: none is a Cypher keyword (labels, rows, type, at, change … are), so none needs quoting.
    public const string Labels = "nodeLabels";
    public const string Properties = "props";
    public const string Rows = "pageRows";
    public const string BeyondStart = "beyondStart";
    public const string Sort = "sortValues";
    public const string RelationshipProperties = "relProps";
    public const string Anchor = "anchorKey";
    public const string Total = "total";
    public const string Score = "score";
    public const string Type = "relType";
    public const string FromKey = "fromKey";
    public const string ToKey = "toKey";
    public const string Fact = "factKind";
    public const string Locator = "locator";
    public const string Source = "sourceKey";

    /// <summary>The column a history record's property comes back in (hFact, hRevision, …).</summary>
    public static string HistoryColumn(StoreProperty property) => "h" + char.ToUpperInvariant(StoreNames.Of(property)[0]) + StoreNames.Of(property)[1..];

    private readonly CypherProjection _projection = new(model);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<EntityParts, string> _getEntities = new();
    private CypherStatement? _statistics;
    private CypherStatement? _export;

    /// <summary>The labels and the asked parts of node n, as entries of a page row's map.</summary>
    private string[] EntityEntries(EntityKind? kind, EntityParts parts) => [$"{Labels}: labels(n)", $"{Properties}: {_projection.Node("n", kind, parts)}"];

    /// <summary>Entities of any kind by key, with the asked parts: an index seek on each label that covers the kinds (Entity, Source).</summary>
    public CypherStatement GetEntities(IReadOnlyCollection<string> keys, EntityParts parts = EntityParts.All)
    {
        // The text depends on the parts only: built once per set of parts; the keys are its one parameter, $p0.
        var parameters = new ParameterBag();
        parameters.Add(keys.Distinct().ToList());
        return new(_getEntities.GetOrAdd(parts, BuildGetEntities), new Dictionary<string, object?>(parameters.Values, StringComparer.Ordinal));
    }

    private string BuildGetEntities(EntityParts parts)
    {
        var query = new CypherQuery();
        query.Unwind(query.Parameters.Add(Array.Empty<string>()), "wantedKey")
            .Call(["wantedKey"], sub =>
            {
                var first = true;
                foreach (var label in CoveringKinds())
                {
                    if (!first)
                    {
                        sub.UnionAll();
                    }

                    sub.Match(Cypher.Node("n", label)).Where($"{Cypher.Property("n", StoreProperty.Key)} = wantedKey").Return("n");
                    first = false;
                }
            })
            .Return($"labels(n) AS {Labels}", $"{_projection.Node("n", null, parts)} AS {Properties}");
        return query.Build().Text;
    }

    /// <summary>A keyset page of one kind: the page (ordered, one extra row) and whether rows lie beyond its start, in one row.</summary>
    public (CypherStatement Statement, CypherPagePlan Plan) ListEntities(EntityQuery query)
    {
        var kind = model.Kind(query.Kind);
        var cypher = new CypherQuery();
        var translator = new CypherQueryTranslator(model, cypher.Parameters);
        var where = translator.Where(query.Filter, "n", kind);
        var plan = new CypherPagePlan(translator, kind, query.SortKeys, query.Page, "n");
        cypher.Call([], sub => Page(sub.Match(Cypher.Node("n", kind)).Where(where), plan, ["n"], EntityEntries(kind, query.Parts)));
        AddBeyondStart(cypher, [], plan, sub => sub.Match(Cypher.Node("n", kind)).Where(where));
        cypher.Return(Rows, BeyondStart);
        return (cypher.Build(), plan);
    }

    /// <summary>The count of the matching entities and the min and max of each ranged property, as total, min0, max0, min1, ….</summary>
    public (CypherStatement Statement, IReadOnlyList<PropertyDefinition> Ranged) AggregateEntities(string kind, Filter? filter, IReadOnlyCollection<string> properties)
    {
        var entityKind = model.Kind(kind);
        var ranged = RangedProperties(entityKind, properties);
        var query = new CypherQuery();
        var translator = new CypherQueryTranslator(model, query.Parameters);
        query.Match(Cypher.Node("n", entityKind)).Where(translator.Where(filter, "n", entityKind)).Return(AggregateColumns(ranged));
        return (query.Build(), ranged);
    }

    /// <summary>
    /// A keyset page per anchor in one statement: each anchor (by key, labelled with the kind at its end) pages its own
    /// targets in a subquery, ordered and limited there.
    /// </summary>
    public (CypherStatement Statement, CypherPagePlan Plan) ListRelated(RelatedQuery query)
    {
        var kind = Cypher.TargetKind(model, query.Type, query.Direction);
        var cypher = new CypherQuery();
        var translator = new CypherQueryTranslator(model, cypher.Parameters);
        var where = translator.Where(query.Filter, "n", kind);
        var plan = new CypherPagePlan(translator, kind, query.SortKeys, query.Page, "n");
        var hop = Cypher.Hop("a", query.Type, query.Direction, "r", "n", kind);
        Anchors(cypher, query);
        cypher.Call(["a"], sub => Page(sub.Match(hop).Where(where), plan, ["r", "n"],
            [.. EntityEntries(kind, query.Parts), $"{RelationshipProperties}: {_projection.Relationship("r", query.Type, query.Parts)}"]));
        AddBeyondStart(cypher, ["a"], plan, sub => sub.Match(hop).Where(where));
        cypher.Return($"{Cypher.Property("a", StoreProperty.Key)} AS {Anchor}", Rows, BeyondStart);
        return (cypher.Build(), plan);
    }

    /// <summary>Per anchor, the count of the matching targets and the ranges of the asked properties (anchor, total, min0, max0, …).</summary>
    public (CypherStatement Statement, IReadOnlyList<PropertyDefinition> Ranged) AggregateRelated(RelatedQuery query, IReadOnlyCollection<string> properties)
    {
        var kind = Cypher.TargetKind(model, query.Type, query.Direction);
        var ranged = RangedProperties(kind, properties);
        var cypher = new CypherQuery();
        var translator = new CypherQueryTranslator(model, cypher.Parameters);
        var where = translator.Where(query.Filter, "n", kind);
        Anchors(cypher, query);
        cypher.Call(["a"], sub => sub.Match(Cypher.Hop("a", query.Type, query.Direction, "r", "n", kind)).Where(where).Return(AggregateColumns(ranged)));
        cypher.Return([$"{Cypher.Property("a", StoreProperty.Key)} AS {Anchor}", .. AggregateColumnNames(ranged)]);
        return (cypher.Build(), ranged);
    }

    /// <summary>
    /// Entities whose name or an alias contains the folded text, scored as the SQLite store does: a name or alias that is
    /// the text 4, starts with it 3, has a word starting with it 2, else 1; then by name and key.
    /// </summary>
    public CypherStatement Search(string folded, int limit)
    {
        var query = new CypherQuery();
        var p = query.Parameters;
        var texts = $"[{Cypher.Property("n", StoreProperty.Name)}] + coalesce({Cypher.Property("n", StoreProperty.Aliases)}, [])";
        query.Match(Cypher.Node("n", model.AnyEntityKind))
            .With("n", $"{texts} AS spellings")
            .Where($"any(spelling IN spellings WHERE spelling =~ {p.Add(FoldPattern.For(folded, FoldPattern.Shape.Contains))})")
            .With("n", $"""
                CASE WHEN any(spelling IN spellings WHERE spelling =~ {p.Add(FoldPattern.For(folded, FoldPattern.Shape.Equal))}) THEN 4
                       WHEN any(spelling IN spellings WHERE spelling =~ {p.Add(FoldPattern.For(folded, FoldPattern.Shape.StartsWith))}) THEN 3
                       WHEN any(spelling IN spellings WHERE spelling =~ {p.Add(FoldPattern.AfterSpace(folded))}) THEN 2
                       ELSE 1 END AS {Score}
                """)
            // A missing name first, as SQLite orders NULL before any value ascending (Cypher alone would put it last).
            .OrderBy([$"{Score} DESC", .. CypherQueryTranslator.OrderItems(Cypher.Property("n", StoreProperty.Name), descending: false),
                $"{Cypher.Property("n", StoreProperty.Key)} ASC"])
            .Limit(limit)
            .Return($"labels(n) AS {Labels}", $"{Cypher.NodeProperties("n")} AS {Properties}", Score);
        return query.Build();
    }

    /// <summary>
    /// Ranked search on the full-text index: Lucene's score plus 2 for a name or alias that is the text, 1 for one that
    /// starts with it (as the SQLite store boosts bm25), rounded so cursors compare exactly; best first, then by key,
    /// strictly between the page's (score, key) cursors; a backward page (<see cref="KeysetPaging"/>) reads worst first.
    /// Null when the text has no words.
    /// </summary>
    public CypherStatement? SearchRanked(SearchQuery search)
    {
        var words = search.Words;
        if (words.Count == 0)
        {
            return null;
        }

        var kinds = search.Kinds is { Count: > 0 } ? search.Kinds.ToList() : [.. model.Kinds.Where(k => k.IsEntity).Select(k => k.Name)];
        var phrase = TextFolding.Fold(search.Text).Trim();
        var lucene = LuceneQuery.AllWords(words, search.Fuzzy, new(StoreNames.Of(StoreProperty.SearchName), 10), new(StoreNames.Of(StoreProperty.SearchAliases), 6),
            new(StoreNames.Of(StoreProperty.SearchDescription)));
        var query = new CypherQuery();
        var p = query.Parameters;
        var texts = $"[{Cypher.Property("n", StoreProperty.Name)}] + coalesce({Cypher.Property("n", StoreProperty.Aliases)}, [])";
        var key = Cypher.Property("n", StoreProperty.Key);
        query.CallProcedure("db.index.fulltext.queryNodes", [p.Add(StoreNames.SearchIndex), p.Add(lucene)], "node AS hit", "score AS relevance")
            .With("hit AS n", "relevance")
            .Where($"any(lbl IN labels(n) WHERE lbl IN {p.Add(kinds)})")
            .With("n", $"""
                round(relevance + CASE WHEN any(spelling IN {texts} WHERE spelling =~ {p.Add(FoldPattern.For(phrase, FoldPattern.Shape.Equal))}) THEN 2.0
                                       WHEN any(spelling IN {texts} WHERE spelling =~ {p.Add(FoldPattern.For(phrase, FoldPattern.Shape.StartsWith))}) THEN 1.0
                                       ELSE 0.0 END, 6) AS {Score}
                """);
        var paging = KeysetPaging.Of(search.Page, SearchQuery.DefaultPageSize);
        var window = SearchWindow.Of(search.Page);
        var conditions = new List<string>();
        // After a cursor: a lower score, or the same and a later key; before it, the other way round.
        foreach (var (cursor, byScore, byKey) in new[] { (window.After, "<", ">"), (window.Before, ">", "<") })
        {
            if (cursor is not null)
            {
                var score = p.Add(cursor.Score);
                conditions.Add($"({Score} {byScore} {score} OR ({Score} = {score} AND {key} {byKey} {p.Add(cursor.Key)}))");
            }
        }

        if (conditions.Count > 0)
        {
            // Re-projected so ORDER BY follows a WITH (no reliance on 5.24's standalone ORDER BY).
            query.Where(Cypher.And(conditions)).With("n", Score);
        }

        query.OrderBy(paging.Forward ? new[] { $"{Score} DESC", $"{key} ASC" } : [$"{Score} ASC", $"{key} DESC"])
            .Limit(paging.Limit)
            .Return($"labels(n) AS {Labels}", $"{_projection.Node("n", null, search.Parts)} AS {Properties}", Score);
        return query.Build();
    }

    /// <summary>Counts per kind and per type from Neo4j's count store (one label or type per count), as e0…, r0… in model order; constant, so built once.</summary>
    public CypherStatement Statistics() => _statistics ??= BuildStatistics();

    private CypherStatement BuildStatistics()
    {
        var query = new CypherQuery();
        var columns = new List<string>();
        foreach (var (kind, i) in model.Kinds.Select((k, i) => (k, i)))
        {
            var column = $"e{i}";
            query.Call([], sub => sub.Match(Cypher.Node("n", kind)).Return($"count(n) AS {column}"));
            columns.Add(column);
        }

        foreach (var (type, i) in model.RelationshipTypes.Select((t, i) => (t, i)))
        {
            var column = $"r{i}";
            query.Call([], sub => sub.Match($"()-[r:{CypherNames.Type(type)}]->()").Return($"count(r) AS {column}"));
            columns.Add(column);
        }

        return query.Return(columns).Build();
    }

    /// <summary>Every entity, then every relationship of a model type with its ends' keys, then every passage (the store sorts them); constant, so built once.</summary>
    public CypherStatement Export() => _export ??= BuildExport();

    private CypherStatement BuildExport()
    {
        var query = new CypherQuery();
        query.Match(Cypher.AnyNode("n", model))
            .Return($"labels(n) AS {Labels}", $"{Cypher.NodeProperties("n")} AS {Properties}", $"null AS {Type}", $"null AS {FromKey}", $"null AS {ToKey}")
            .UnionAll()
            .Match($"(f)-[r:{Cypher.AnyType(model)}]->(t)")
            .Return($"null AS {Labels}", $"properties(r) AS {Properties}", $"type(r) AS {Type}",
                $"{Cypher.Property("f", StoreProperty.Key)} AS {FromKey}", $"{Cypher.Property("t", StoreProperty.Key)} AS {ToKey}")
            .UnionAll()
            // The passages, in the same statement: one read, one snapshot of the graph and its passages (text only, no vector).
            .Match($"(p:{CypherNames.Escape(PassageStatements.Label)})")
            .Return($"labels(p) AS {Labels}", $"p {{.{PassageStatements.Source}, .{PassageStatements.Paragraph}, .{PassageStatements.Text}}} AS {Properties}",
                $"null AS {Type}", $"null AS {FromKey}", $"null AS {ToKey}");
        return query.Build();
    }

    /// <summary>The history records of the facts, newest first (then by their position in the revision, when recorded).</summary>
    public CypherStatement History(IReadOnlyCollection<string> factKeys)
    {
        var query = new CypherQuery();
        StoreProperty[] columns = [StoreProperty.Fact, StoreProperty.Revision, StoreProperty.At, StoreProperty.Actor, StoreProperty.Change,
            StoreProperty.Changes, StoreProperty.SourceKeys, StoreProperty.SourceLocators, StoreProperty.SourceNotes, StoreProperty.Editorial, StoreProperty.Sequence];
        query.Match($"(h:{CypherNames.Escape(StoreNames.HistoryLabel)})")
            .Where($"{Cypher.Property("h", StoreProperty.Fact)} IN {query.Parameters.Add(factKeys.Distinct().ToList())}")
            .Return(columns.Select(c => $"{Cypher.Property("h", c)} AS {HistoryColumn(c)}"))
            // A record without a sequence last within its revision, as SQLite orders NULL descending (Cypher alone would put it first).
            .OrderBy([$"{HistoryColumn(StoreProperty.Revision)} DESC", .. CypherQueryTranslator.OrderItems(HistoryColumn(StoreProperty.Sequence), descending: true)]);
        return query.Build();
    }

    /// <summary>
    /// The revision log after <paramref name="afterRevision"/>: one row per history record of the revisions numbered up to
    /// <paramref name="afterRevision"/> + <paramref name="limit"/> (the counter leaves no gaps), in revision then sequence
    /// order, each row with the latest revision, the replay floor and the count of imports (one row of nulls when no record
    /// is read: the marks alone).
    /// </summary>
    public static CypherStatement Revisions(long afterRevision, int limit)
    {
        var query = new CypherQuery();
        var meta = CypherNames.Escape(WriteStatements.MetaLabel);
        var after = query.Parameters.Add(afterRevision);
        var last = query.Parameters.Add(afterRevision + limit);
        StoreProperty[] columns = [StoreProperty.Revision, StoreProperty.At, StoreProperty.Actor, StoreProperty.Fact, StoreProperty.Kind,
            StoreProperty.Change, StoreProperty.Changes, StoreProperty.Sequence];
        query.OptionalMatch($"(m:{meta} {{key: 'revision'}})")
            .OptionalMatch($"(l:{meta} {{key: 'revisionLog'}})")
            .OptionalMatch($"(b:{meta} {{key: 'bulkLoads'}})")
            .With("coalesce(m.value, 0) AS latest", "coalesce(l.value, 0) AS replayableAfter", "coalesce(b.value, 0) AS bulkLoads")
            .OptionalMatch($"(h:{CypherNames.Escape(StoreNames.HistoryLabel)})")
            .Where($"{Cypher.Property("h", StoreProperty.Revision)} > {after} AND {Cypher.Property("h", StoreProperty.Revision)} <= {last} "
                + $"AND {Cypher.Property("h", StoreProperty.Revision)} <= latest")
            .Return(["latest", "replayableAfter", "bulkLoads", .. columns.Select(c => $"{Cypher.Property("h", c)} AS {HistoryColumn(c)}")])
            .OrderBy($"{HistoryColumn(StoreProperty.Revision)} ASC", $"{HistoryColumn(StoreProperty.Sequence)} ASC");
        return query.Build();
    }

    /// <summary>
    /// Per source, a keyset page of the citations of it: entities first (by key), then relationships (by type, from, to),
    /// each citation once per locator; a backward page (<see cref="KeysetPaging"/>) reads that order reversed. The cursor is
    /// (fact, k1, k2, k3, locator): 0/key/null/null for an entity, 1/type/from/to for a relationship.
    /// </summary>
    public CypherStatement CitedFacts(IReadOnlyCollection<string> sourceKeys, KeysetPaging paging, CitationCursor? after, CitationCursor? before = null)
    {
        var query = new CypherQuery();
        var translator = new CypherQueryTranslator(model, query.Parameters);
        var sourceKeysProperty = (string v) => Cypher.Property(v, StoreProperty.SourceKeys);
        var locators = (string v) => Cypher.Property(v, StoreProperty.SourceLocators);
        string[] order = [Fact, "k1", "k2", "k3"];
        query.Unwind(query.Parameters.Add(sourceKeys.Distinct().ToList()), Source)
            .Call([Source], page =>
            {
                page.Call([Source], facts => facts
                    .Match(Cypher.AnyNode("n", model))
                    .Where($"{Source} IN {sourceKeysProperty("n")}")
                    .Unwind($"range(0, size({sourceKeysProperty("n")}) - 1)", "i")
                    .With("n", "i")
                    .Where($"{sourceKeysProperty("n")}[i] = {Source}")
                    .ReturnDistinct($"0 AS {Fact}", $"{Cypher.Property("n", StoreProperty.Key)} AS k1", "null AS k2", "null AS k3",
                        $"{locators("n")}[i] AS {Locator}", "n AS citedNode", "null AS citedRel")
                    .UnionAll()
                    .Match($"(f)-[r:{Cypher.AnyType(model)}]->(t)")
                    .Where($"{Source} IN {sourceKeysProperty("r")}")
                    .Unwind($"range(0, size({sourceKeysProperty("r")}) - 1)", "i")
                    .With("f", "r", "t", "i")
                    .Where($"{sourceKeysProperty("r")}[i] = {Source}")
                    .ReturnDistinct($"1 AS {Fact}", "type(r) AS k1", $"{Cypher.Property("f", StoreProperty.Key)} AS k2",
                        $"{Cypher.Property("t", StoreProperty.Key)} AS k3", $"{locators("r")}[i] AS {Locator}", "null AS citedNode", "r AS citedRel"));
                page.With(Fact, "k1", "k2", "k3", Locator, "citedNode", "citedRel");
                // A before cursor is an after cursor in the reversed order, as CypherPagePlan's.
                var conditions = new[] { (Cursor: after, Reversed: false), (Cursor: before, Reversed: true) }.Where(c => c.Cursor is not null)
                    .Select(c => translator.After([.. order.Select(o => (o, c.Reversed, false))], [c.Cursor!.Fact, c.Cursor.K1, c.Cursor.K2, c.Cursor.K3],
                        Locator, c.Cursor.Locator, keyDescending: c.Reversed)).ToList();
                if (conditions.Count > 0)
                {
                    page.Where(Cypher.And(conditions)).With(Fact, "k1", "k2", "k3", Locator, "citedNode", "citedRel");
                }

                page.OrderBy([.. order.SelectMany(o => CypherQueryTranslator.OrderItems(o, !paging.Forward)), $"{Locator} {(paging.Forward ? "ASC" : "DESC")}"])
                    .Limit(paging.Limit)
                    .Return($"collect({{{Fact}: {Fact}, {Locator}: {Locator}, {Labels}: labels(citedNode), {Properties}: coalesce({Cypher.NodeProperties("citedNode")}, properties(citedRel)), " +
                        $"{Type}: k1, {FromKey}: k2, {ToKey}: k3}}) AS {Rows}");
            })
            .Return(Source, Rows);
        return query.Build();
    }

    /// <summary>The labels that together cover every kind: Entity for the kinds that are entities, and each kind that is not.</summary>
    private IEnumerable<EntityKind> CoveringKinds() =>
        (model.Kinds.Any(k => k.IsEntity) ? [model.AnyEntityKind] : Array.Empty<EntityKind>()).Concat(model.Kinds.Where(k => !k.IsEntity));

    private void Anchors(CypherQuery cypher, RelatedQuery query) =>
        cypher.Unwind(cypher.Parameters.Add(query.AnchorKeys.Distinct().ToList()), "wantedAnchor")
            .Match(Cypher.Node("a", Cypher.AnchorKind(model, query.Type, query.Direction)))
            .Where($"{Cypher.Property("a", StoreProperty.Key)} = wantedAnchor");

    /// <summary>Binds the sort values, applies the cursors, orders, limits and collects the page into one list (order kept).</summary>
    private static void Page(CypherQuery sub, CypherPagePlan plan, IReadOnlyList<string> carried, IReadOnlyList<string> entries)
    {
        sub.With([.. carried, .. plan.SortColumns])
            .Where(plan.Conditions)
            .With([.. carried, .. plan.SortAliases])
            .OrderBy(plan.OrderBy)
            .Limit(plan.Limit)
            .Return($"collect({{{string.Join(", ", entries)}, {Sort}: [{string.Join(", ", plan.SortAliases)}]}}) AS {Rows}");
    }

    /// <summary>Whether any matching row lies on the far side of the page's starting cursor (false without one).</summary>
    private static void AddBeyondStart(CypherQuery cypher, IReadOnlyList<string> imports, CypherPagePlan plan, Action<CypherQuery> match)
    {
        if (plan.BeyondStart is null)
        {
            cypher.With([.. imports, Rows, $"false AS {BeyondStart}"]);
            return;
        }

        cypher.Call(imports, sub =>
        {
            match(sub);
            sub.With(["n", .. plan.SortColumns]).Where(plan.BeyondStart).Return($"count(n) > 0 AS {BeyondStart}");
        });
    }

    private static string[] AggregateColumns(IReadOnlyList<PropertyDefinition> ranged) =>
        [$"count(n) AS {Total}", .. ranged.SelectMany((p, i) => new[]
        {
            $"min({Cypher.Property("n", p)}) AS min{i}",
            $"max({Cypher.Property("n", p)}) AS max{i}",
        })];

    private static string[] AggregateColumnNames(IReadOnlyList<PropertyDefinition> ranged) =>
        [Total, .. ranged.SelectMany((_, i) => new[] { $"min{i}", $"max{i}" })];

    /// <summary>The asked properties that have a range (numbers and dates); anything else is a caller's error.</summary>
    private static List<PropertyDefinition> RangedProperties(EntityKind kind, IReadOnlyCollection<string> names) =>
        [.. names.Select(name => kind.FindProperty(name) is { Type: PropertyType.Int or PropertyType.Float or PropertyType.Date } property
            ? property
            : throw new ArgumentException($"'{name}' is not a number or date property of {kind.Name}.", nameof(names)))];
}

/// <summary>Where a page of cited facts ends: (fact 0 entity / 1 relationship, its identity in up to three parts, locator).</summary>
internal sealed record CitationCursor(long Fact, string K1, string? K2, string? K3, string Locator)
{
    public string Encode() => TaggedCursor.Encode("cited", Fact, K1, K2, K3, Locator);

    public static CitationCursor Decode(string cursor) => TaggedCursor.Decode(cursor, "cited", parts => parts is
        [{ ValueKind: JsonValueKind.Number } fact, { ValueKind: JsonValueKind.String } k1, var k2, var k3, { ValueKind: JsonValueKind.String } locator]
        && fact.TryGetInt64(out var kind) && kind is 0 or 1
        ? new CitationCursor(kind, k1.GetString()!, Text(k2), Text(k3), locator.GetString()!)
        : null);

    private static string? Text(JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString() : null;
}
