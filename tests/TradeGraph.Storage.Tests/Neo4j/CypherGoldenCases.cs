using TradeGraph.Core.Analytics;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;
using static TradeGraph.Core.Querying.ComparisonOperator;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// The corpus of query shapes the golden tests pin, TCK style: every filter kind and operator, every sort kind, each way
/// of paging, related pages both ways and over AnyEntity ends, counts, aggregates, search, history, citations, export.
/// </summary>
internal static partial class CypherGoldenCases
{
    public static readonly GraphModel Model = TradeModel.Define();

    private static readonly CypherReads Reads = new(Model);

    private static RelationshipType Type(string name) => Model.Relationship(name);

    private static FieldComparison Compare(string field, ComparisonOperator op, object? value, bool fold = false) => new(field, op, value, fold);

    /// <summary>Filters, each pinned inside a count of meetings (trade measures for floats, officials for relationships); SQLite's goldens (SqlFilterGoldenTests) pin the same corpus.</summary>
    internal static readonly (string Name, string Kind, Filter Filter)[] Filters =
    [
        ("eq-string", "Meeting", Compare("name", Equal, "Kuala Lumpur talks")),
        ("eq-null", "Meeting", Compare("description", Equal, null)),
        ("neq-value", "Meeting", Compare("name", NotEqual, "Kuala Lumpur talks")),
        ("neq-null", "Meeting", Compare("description", NotEqual, null)),
        ("eq-key", "Meeting", Compare("key", Equal, "kuala-lumpur-trade-talks")),
        ("eq-enum", "Meeting", Compare("format", Equal, "TRADE_TALKS")),
        ("eq-int", "Meeting", Compare("round", Equal, 5L)),
        ("eq-date", "Meeting", Compare("startsOn", Equal, new DateOnly(2025, 10, 25))),
        ("in-strings", "Meeting", Compare("status", In, new object?[] { "PLANNED", "COMPLETED" })),
        ("in-with-null", "Meeting", Compare("status", In, new object?[] { "PLANNED", null })),
        ("nin-strings", "Meeting", Compare("status", NotIn, new object?[] { "PLANNED", "COMPLETED" })),
        ("in-dates", "Meeting", Compare("startsOn", In, new object?[] { new DateOnly(2025, 10, 25), new DateOnly(2025, 10, 30) })),
        ("nin-ints", "Meeting", Compare("round", NotIn, new object?[] { 1L, 2L })),
        ("gt-date", "Meeting", Compare("startsOn", GreaterThan, new DateOnly(2025, 10, 1))),
        ("gte-date", "Meeting", Compare("startsOn", GreaterThanOrEqual, new DateOnly(2025, 10, 1))),
        ("lt-int", "Meeting", Compare("round", LessThan, 3L)),
        ("lte-int", "Meeting", Compare("round", LessThanOrEqual, 3L)),
        ("gt-float", "TradeMeasure", Compare("ratePercent", GreaterThan, 10.5)),
        ("lte-float-whole", "TradeMeasure", Compare("ratePercent", LessThanOrEqual, 100.0)),
        ("contains", "Meeting", Compare("name", Contains, "talks")),
        ("ncontains", "Meeting", Compare("name", NotContains, "talks")),
        ("startsWith", "Meeting", Compare("name", StartsWith, "Kuala")),
        ("nstartsWith", "Meeting", Compare("name", NotStartsWith, "Kuala")),
        ("endsWith", "Meeting", Compare("name", EndsWith, "talks")),
        ("nendsWith", "Meeting", Compare("name", NotEndsWith, "talks")),
        ("fold-eq", "Meeting", Compare("name", Equal, "XÍ", fold: true)),
        ("fold-neq", "Meeting", Compare("name", NotEqual, "Xi", fold: true)),
        ("fold-in", "Meeting", Compare("name", In, new object?[] { "Xi", "Lí" }, fold: true)),
        ("fold-in-with-null", "Meeting", Compare("name", In, new object?[] { "Xi", null }, fold: true)),
        ("fold-nin", "Meeting", Compare("name", NotIn, new object?[] { "Xi", "Lí" }, fold: true)),
        ("fold-contains", "Meeting", Compare("name", Contains, "jinpíng", fold: true)),
        ("fold-ncontains", "Meeting", Compare("name", NotContains, "jinpíng", fold: true)),
        ("fold-startsWith", "Meeting", Compare("name", StartsWith, "Kuala", fold: true)),
        ("fold-nstartsWith", "Meeting", Compare("name", NotStartsWith, "Kuala", fold: true)),
        ("fold-endsWith", "Meeting", Compare("name", EndsWith, "TALKS", fold: true)),
        ("fold-nendsWith", "Meeting", Compare("name", NotEndsWith, "TALKS", fold: true)),
        ("fold-gt-lowercase-only", "Meeting", Compare("name", GreaterThan, "M", fold: true)),
        ("fold-on-int-is-plain", "Meeting", Compare("round", Equal, 2L, fold: true)),
        ("and", "Meeting", new AllOf([Compare("format", Equal, "TRADE_TALKS"), Compare("round", GreaterThan, 1L)])),
        ("or", "Meeting", new AnyOf([Compare("format", Equal, "TRADE_TALKS"), Compare("round", GreaterThan, 1L)])),
        ("not", "Meeting", new Not(Compare("round", GreaterThan, 1L))),
        // Hot Chocolate's negated orderings, as the API builds them: the Not of the ordering (a missing day matches).
        ("ngt-date", "Meeting", new Not(Compare("startsOn", GreaterThan, new DateOnly(2025, 10, 1)))),
        ("nlte-float", "TradeMeasure", new Not(Compare("ratePercent", LessThanOrEqual, 10.5))),
        ("ngte-count", "Meeting", new Not(new RelationshipCountFilter(Type("PARTICIPATES_IN"), Direction.Incoming, GreaterThanOrEqual, 2))),
        ("empty-and", "Meeting", new AllOf([])),
        ("empty-or", "Meeting", new AnyOf([])),
        ("nested-not-or-and", "Meeting", new Not(new AnyOf([new AllOf([Compare("round", Equal, 1L), Compare("status", Equal, "PLANNED")]),
            Compare("description", Equal, null)]))),
        ("aliases-some", "Official", new AliasesFilter(ListQuantifier.Some, [Compare("alias", StartsWith, "Xi")])),
        ("aliases-some-fold", "Official", new AliasesFilter(ListQuantifier.Some, [Compare("alias", Contains, "jinping", fold: true)])),
        ("aliases-none", "Official", new AliasesFilter(ListQuantifier.None, [Compare("alias", Equal, "POTUS")])),
        ("aliases-all", "Official", new AliasesFilter(ListQuantifier.All, [Compare("alias", NotContains, " "), Compare("alias", StartsWith, "X")])),
        ("aliases-all-no-element", "Official", new AliasesFilter(ListQuantifier.All, [])),
        ("aliases-any", "Official", new AliasesFilter(ListQuantifier.Any, [])),
        ("rel-some-outgoing-target", "Official", new RelationshipFilter(Type("REPRESENTS"), Direction.Outgoing, RelationshipQuantifier.Some,
            Compare("isoCode", Equal, "US"), null)),
        ("rel-some-incoming-relationship", "Meeting", new RelationshipFilter(Type("PARTICIPATES_IN"), Direction.Incoming, RelationshipQuantifier.Some,
            null, Compare("role", Equal, "DELEGATION_LEAD"))),
        ("rel-some-target-and-relationship", "Meeting", new RelationshipFilter(Type("PARTICIPATES_IN"), Direction.Incoming, RelationshipQuantifier.Some,
            new RelationshipFilter(Type("REPRESENTS"), Direction.Outgoing, RelationshipQuantifier.Some, Compare("isoCode", Equal, "CN"), null),
            Compare("role", Equal, "DELEGATION_LEAD"))),
        ("rel-none", "Official", new RelationshipFilter(Type("PARTICIPATES_IN"), Direction.Outgoing, RelationshipQuantifier.None,
            Compare("status", Equal, "CANCELLED"), null)),
        ("rel-all", "Official", new RelationshipFilter(Type("PARTICIPATES_IN"), Direction.Outgoing, RelationshipQuantifier.All,
            Compare("startsOn", GreaterThanOrEqual, new DateOnly(2025, 1, 1)), null)),
        ("rel-all-no-condition", "Official", new RelationshipFilter(Type("PARTICIPATES_IN"), Direction.Outgoing, RelationshipQuantifier.All, null, null)),
        ("rel-some-no-condition", "Official", new RelationshipFilter(Type("PARTICIPATES_IN"), Direction.Outgoing, RelationshipQuantifier.Some, null, null)),
        ("rel-any-entity-incoming", "Official", new RelationshipFilter(Type("MENTIONS"), Direction.Incoming, RelationshipQuantifier.Some,
            Compare("publisher", Equal, "Reuters"), Compare("occurrences", GreaterThanOrEqual, 2L))),
        ("rel-any-entity-outgoing", "Source", new RelationshipFilter(Type("MENTIONS"), Direction.Outgoing, RelationshipQuantifier.Some,
            Compare("name", Contains, "Xi", fold: true), null)),
        ("rel-self-type", "Meeting", new RelationshipFilter(Type("PREPARES_FOR"), Direction.Incoming, RelationshipQuantifier.Some,
            Compare("format", Equal, "TRADE_TALKS"), null)),
        ("rel-relationship-date", "Trip", new RelationshipFilter(Type("VISITS"), Direction.Outgoing, RelationshipQuantifier.Some,
            null, Compare("startsOn", LessThan, new DateOnly(2025, 11, 1)))),
        ("count-gte", "Official", new RelationshipCountFilter(Type("PARTICIPATES_IN"), Direction.Outgoing, GreaterThanOrEqual, 2)),
        ("count-eq", "Meeting", new RelationshipCountFilter(Type("PARTICIPATES_IN"), Direction.Incoming, Equal, 0)),
        ("count-lt", "Meeting", new RelationshipCountFilter(Type("PARTICIPATES_IN"), Direction.Incoming, LessThan, 3)),
        ("count-in-as-the-api-spells-it", "Meeting", new AnyOf([new RelationshipCountFilter(Type("PARTICIPATES_IN"), Direction.Incoming, Equal, 1),
            new RelationshipCountFilter(Type("PARTICIPATES_IN"), Direction.Incoming, Equal, 2)])),
        ("count-any-entity", "Official", new RelationshipCountFilter(Type("MENTIONS"), Direction.Incoming, GreaterThan, 1)),
    ];

    private static readonly SortKey ByName = new FieldSort("name", false);
    private static readonly SortKey ByStartsOnDesc = new FieldSort("startsOn", true);
    private static readonly SortKey ByCountryName = new RelatedFieldSort(Type("TAKES_PLACE_IN"), Direction.Outgoing, "name", false);
    private static readonly SortKey ByParticipantsDesc = new RelationshipCountSort(Type("PARTICIPATES_IN"), Direction.Incoming, true);
    private static readonly SortKey ByPageRankDesc = new ScoreSort(Scores(), true);

    /// <summary>A loaded score table, as the API hands the store one (centrality computed outside the store).</summary>
    private static ScoreTable Scores() =>
        new(ScoreMeasures.PageRank, new Dictionary<string, double> { ["xi-jinping"] = 0.25, ["donald-trump"] = 0.5 });

    private static readonly (string Name, EntityQuery Query)[] Lists =
    [
        ("first", new EntityQuery("Country", new PageRequest(First: 3))),
        ("no-page-size", new EntityQuery("Country", new PageRequest())),
        ("last", new EntityQuery("Country", new PageRequest(Last: 2))),
        ("first-after", new EntityQuery("Country", new PageRequest(First: 3, After: Cursor.Encode([], [], "china")))),
        ("last-before", new EntityQuery("Country", new PageRequest(Last: 3, Before: Cursor.Encode([], [], "japan")))),
        ("after-and-before", new EntityQuery("Country", new PageRequest(First: 10, After: Cursor.Encode([], [], "china"), Before: Cursor.Encode([], [], "japan")))),
        ("sort-name", new EntityQuery("Meeting", new PageRequest(First: 5), Order: [ByName])),
        ("sort-date-desc-after", new EntityQuery("Meeting", new PageRequest(First: 5, After: Cursor.Encode([ByStartsOnDesc], ["2025-10-25"], "kuala-lumpur-trade-talks")),
            Order: [ByStartsOnDesc])),
        ("sort-date-after-null", new EntityQuery("Meeting", new PageRequest(First: 5, After: Cursor.Encode([new FieldSort("startsOn", false)], [null], "m")),
            Order: [new FieldSort("startsOn", false)])),
        ("sort-related-field", new EntityQuery("Meeting", new PageRequest(First: 5), Order: [ByCountryName])),
        ("sort-related-field-before", new EntityQuery("Meeting", new PageRequest(Last: 5, Before: Cursor.Encode([ByCountryName], ["Malaysia"], "m")),
            Order: [ByCountryName])),
        ("sort-count", new EntityQuery("Meeting", new PageRequest(First: 5), Order: [ByParticipantsDesc])),
        ("sort-three-keys-after", new EntityQuery("Meeting",
            new PageRequest(First: 4, After: Cursor.Encode([ByParticipantsDesc, ByStartsOnDesc, ByName], [3L, null, "Talks"], "m")),
            new FieldComparison("key", StartsWith, "gen-"), [ByParticipantsDesc, ByStartsOnDesc, ByName])),
        ("sort-float", new EntityQuery("TradeMeasure", new PageRequest(First: 5, After: Cursor.Encode([new FieldSort("ratePercent", true)], [25L], "t")),
            Order: [new FieldSort("ratePercent", true)])),
        ("filter-and-sort", new EntityQuery("Official", new PageRequest(First: 10),
            new RelationshipCountFilter(Type("PARTICIPATES_IN"), Direction.Outgoing, GreaterThanOrEqual, 2),
            [new RelationshipCountSort(Type("PARTICIPATES_IN"), Direction.Outgoing, true), ByName])),
        ("any-entity-kind", new EntityQuery(GraphModel.AnyEntity, new PageRequest(First: 3))),
        ("sort-score-after", new EntityQuery("Official", new PageRequest(First: 5, After: Cursor.Encode([ByPageRankDesc], [0.25], "xi-jinping")),
            Order: [ByPageRankDesc])),
        ("filter-score-and-sort-by-it", new EntityQuery("Official", new PageRequest(First: 5),
            new ScoreComparison(((ScoreSort)ByPageRankDesc).Scores, GreaterThan, 0.1), [ByPageRankDesc])),
    ];

    private static readonly (string Name, RelatedQuery Query)[] Related =
    [
        ("incoming", new RelatedQuery(Type("REPRESENTS"), Direction.Incoming, ["united-states", "china", "china"], new PageRequest(First: 50))),
        ("outgoing-with-relationship", new RelatedQuery(Type("PARTICIPATES_IN"), Direction.Outgoing, ["he-lifeng"], new PageRequest(First: 10))),
        ("filter-order-after", new RelatedQuery(Type("PARTICIPATES_IN"), Direction.Incoming, ["kuala-lumpur-trade-talks"],
            new PageRequest(First: 2, After: Cursor.Encode([ByName], ["He Lifeng"], "he-lifeng")),
            new RelationshipFilter(Type("REPRESENTS"), Direction.Outgoing, RelationshipQuantifier.Some, Compare("isoCode", Equal, "CN"), null), [ByName])),
        ("last-before", new RelatedQuery(Type("REPRESENTS"), Direction.Incoming, ["united-states"],
            new PageRequest(Last: 2, Before: Cursor.Encode([], [], "scott-bessent")))),
        ("any-entity-outgoing", new RelatedQuery(Type("MENTIONS"), Direction.Outgoing, ["report-2025-10-23-us-china-kl-talks"], new PageRequest(First: 5),
            Compare("name", StartsWith, "Xi", fold: true))),
        ("any-entity-incoming", new RelatedQuery(Type("MENTIONS"), Direction.Incoming, ["xi-jinping", "trump-xi-meeting"], new PageRequest(First: 5),
            Order: [new FieldSort("publishedOn", true)])),
    ];

    public static IReadOnlyDictionary<string, Func<CypherStatement>> All { get; } = Build();

    private static Dictionary<string, Func<CypherStatement>> Build()
    {
        var cases = new Dictionary<string, Func<CypherStatement>>(StringComparer.Ordinal);
        foreach (var (name, kind, filter) in Filters)
        {
            cases["filter-" + name] = () => Reads.AggregateEntities(kind, filter, []).Statement;
        }

        foreach (var (name, query) in Lists)
        {
            cases["list-" + name] = () => Reads.ListEntities(query).Statement;
        }

        foreach (var (name, query) in Related)
        {
            cases["related-" + name] = () => Reads.ListRelated(query).Statement;
        }

        var participants = new RelatedQuery(Type("PARTICIPATES_IN"), Direction.Incoming, ["kuala-lumpur-trade-talks", "trump-xi-meeting"], new PageRequest(First: 1),
            Compare("title", Contains, "Secretary"));
        cases["count-related"] = () => Reads.AggregateRelated(participants, []).Statement;
        cases["count-related-any-entity"] = () => Reads.AggregateRelated(new RelatedQuery(Type("MENTIONS"), Direction.Incoming, ["xi-jinping"], new PageRequest()), []).Statement;
        cases["aggregate-related"] = () => Reads.AggregateRelated(new RelatedQuery(Type("PARTICIPATES_IN"), Direction.Outgoing, ["he-lifeng"], new PageRequest()),
            ["startsOn", "round"]).Statement;
        cases["aggregate-entities"] = () => Reads.AggregateEntities("Trip", null, ["startsOn", "endsOn"]).Statement;
        cases["aggregate-float-filtered"] = () => Reads.AggregateEntities("TradeMeasure", Compare("kind", Equal, "TARIFF"), ["ratePercent", "announcedOn"]).Statement;
        cases["get-entities"] = () => Reads.GetEntities(["xi-jinping", "report-2025-10-23-us-china-kl-talks", "xi-jinping"]);
        // Projections: only the asked parts leave the database (the cases above ask for every part: n {.*, `embedding`: null}, properties(r)).
        cases["get-entities-minimal"] = () => Reads.GetEntities(["xi-jinping", "report-2025-10-23-us-china-kl-talks"], EntityParts.None);
        cases["get-entities-properties"] = () => Reads.GetEntities(["xi-jinping", "report-2025-10-23-us-china-kl-talks"], EntityParts.Properties);
        cases["list-minimal-sorted"] = () => Reads.ListEntities(new EntityQuery("Meeting", new PageRequest(First: 20), Order: [ByStartsOnDesc],
            Parts: EntityParts.None)).Statement;
        cases["list-cited-aliases"] = () => Reads.ListEntities(new EntityQuery("Official", new PageRequest(First: 5),
            Parts: EntityParts.Aliases | EntityParts.Description | EntityParts.Sources)).Statement;
        // Decision 0018: stated-only entities, and officials whose REPRESENTS is cited by inference.
        cases["list-by-citations"] = () => Reads.ListEntities(new EntityQuery("Official", new PageRequest(First: 5), new AllOf([
            new CitationsFilter(ListQuantifier.None, [new FieldComparison(CitationsFilter.InferredField, ComparisonOperator.Equal, true)]),
            new RelationshipFilter(Type("REPRESENTS"), Direction.Outgoing, RelationshipQuantifier.Some, null,
                new CitationsFilter(ListQuantifier.Some, [new FieldComparison(CitationsFilter.InferredField, ComparisonOperator.NotEqual, false)])),
        ]), Parts: EntityParts.None)).Statement;
        cases["related-minimal"] = () => Reads.ListRelated(new RelatedQuery(Type("PARTICIPATES_IN"), Direction.Incoming, ["kuala-lumpur-trade-talks"],
            new PageRequest(First: 10), Parts: EntityParts.None)).Statement;
        cases["related-properties-and-relationship"] = () => Reads.ListRelated(new RelatedQuery(Type("PARTICIPATES_IN"), Direction.Incoming,
            ["kuala-lumpur-trade-talks"], new PageRequest(First: 10),
            Parts: EntityParts.Properties | EntityParts.RelationshipProperties | EntityParts.RelationshipSources)).Statement;
        cases["related-any-entity-properties"] = () => Reads.ListRelated(new RelatedQuery(Type("MENTIONS"), Direction.Outgoing,
            ["report-2025-10-23-us-china-kl-talks"], new PageRequest(First: 5), Parts: EntityParts.Properties)).Statement;
        cases["search-ranked-minimal"] = () => Reads.SearchRanked(new SearchQuery("Bessent", new PageRequest(First: 3), Parts: EntityParts.None))!;
        cases["search-substring"] = () => Reads.Search("xí jinping", 5);
        cases["search-ranked"] = () => Reads.SearchRanked(new SearchQuery("Bessent", new PageRequest(First: 3)))!;
        cases["search-ranked-fuzzy"] = () => Reads.SearchRanked(new SearchQuery("Bessant trade", new PageRequest(First: 3), Fuzzy: true))!;
        cases["search-ranked-kinds-after"] = () => Reads.SearchRanked(
            new SearchQuery("Xí Jinping", new PageRequest(First: 3, After: SearchCursor.Encode(12.345678, "xi-jinping")), ["Official", "Meeting"]))!;
        // Backward: worst first from the end, or back from the before cursor (and between two cursors).
        cases["search-ranked-last"] = () => Reads.SearchRanked(new SearchQuery("Bessent", new PageRequest(Last: 3)))!;
        cases["search-ranked-before"] = () => Reads.SearchRanked(
            new SearchQuery("Xí Jinping", new PageRequest(Last: 3, Before: SearchCursor.Encode(12.345678, "xi-jinping")), ["Official"]))!;
        cases["search-ranked-after-before"] = () => Reads.SearchRanked(new SearchQuery("trade",
            new PageRequest(First: 3, After: SearchCursor.Encode(20.5, "donald-trump"), Before: SearchCursor.Encode(3.25, "trade-talks"))))!;
        cases["search-ranked-lucene-special"] = () => Reads.SearchRanked(
            new SearchQuery("AND OR + - ! ( ) { } [ ] ^ \" ~ * ? : \\ / && || NOT u.s. tariff~2 name:xi* (trump^10)", new PageRequest(First: 3), Fuzzy: true))!;
        cases["statistics"] = Reads.Statistics;
        cases["export"] = Reads.Export;
        cases["committed-writes"] = WriteStatements.CommittedWrites;
        cases["history"] = () => Reads.History(["xi-jinping", "REPRESENTS(xi-jinping,china)", "xi-jinping"]);
        // The revision log a replica follows: the records after revision 41, at most 100 revisions on.
        cases["revisions"] = () => CypherReads.Revisions(41, 100);
        cases["cited-facts-first"] = () => Reads.CitedFacts(["report-2025-10-23-us-china-kl-talks"], new KeysetPaging(true, 10), null);
        cases["cited-facts-after-entity"] = () => Reads.CitedFacts(["report-a", "report-b"], new KeysetPaging(true, 2), new CitationCursor(0, "xi-jinping", null, null, "¶4"));
        cases["cited-facts-after-relationship"] = () => Reads.CitedFacts(["report-a"], new KeysetPaging(true, 2), new CitationCursor(1, "REPRESENTS", "xi-jinping", "china", ""));
        cases["cited-facts-last"] = () => Reads.CitedFacts(["report-a"], new KeysetPaging(false, 2), null);
        cases["cited-facts-before-relationship"] = () => Reads.CitedFacts(["report-a", "report-b"], new KeysetPaging(false, 2), null,
            new CitationCursor(1, "REPRESENTS", "xi-jinping", "china", "¶2"));
        cases["cited-facts-after-before"] = () => Reads.CitedFacts(["report-a"], new KeysetPaging(true, 2), new CitationCursor(0, "xi-jinping", null, null, "¶4"),
            new CitationCursor(1, "REPRESENTS", "xi-jinping", "china", ""));
        AddEmbeddingCases(cases);
        // Schema version 3 on an older database: the old full-text index dropped, then every entity's search words written.
        cases["search-words-drop-index"] = SearchTextStatements.Entities.DropIndex;
        cases["search-words-list-first"] = () => SearchTextStatements.Entities.ListText("", 1000);
        cases["search-words-list-after"] = () => SearchTextStatements.Entities.ListText("he-lifeng", 1000);
        cases["search-words-save"] = () => SearchTextStatements.Entities.Save([new Dictionary<string, object?>
        {
            ["key"] = "sean-o-brien", ["name"] = "Seán O'Brien", ["aliases"] = new[] { "U.S. envoy" }, ["description"] = "",
            ["search"] = new Dictionary<string, object?> { ["searchName"] = "sean o brien", ["searchAliases"] = "u s envoy", ["searchDescription"] = null },
        }]);
        AddPassageCases(cases);
        return cases;
    }

    /// <summary>Semantic search on Neo4j: the refresh's primitives, the vector index query, the lock a save takes (4-dimension vectors for brevity).</summary>
    private static void AddEmbeddingCases(Dictionary<string, Func<CypherStatement>> cases)
    {
        const string MiniLm = "all-MiniLM-L6-v2";
        cases["embedding-list-stale-first"] = () => EmbeddingStatements.ListStale(MiniLm, null, 64);
        cases["embedding-list-stale-after"] = () => EmbeddingStatements.ListStale(MiniLm, "he-lifeng", 64);
        cases["embedding-count-stale"] = () => EmbeddingStatements.CountStale(MiniLm);
        cases["embedding-lock-without-commit"] = () => WriteStatements.LockWithoutCommit(new DateTimeOffset(2025, 10, 27, 9, 30, 0, TimeSpan.Zero));
        cases["embedding-save"] = () => EmbeddingStatements.Save(MiniLm, [new Dictionary<string, object?>
        {
            ["key"] = "xi-jinping", ["kind"] = "Official", ["name"] = "Xi Jinping", ["aliasesText"] = "Xi\nPresident Xi", ["description"] = "",
            ["vector"] = new[] { 0.5, -0.5, 0.5, 0.5 }, ["fingerprint"] = -1234567890123L,
        }]);
        cases["embedding-nearest"] = () => EmbeddingStatements.Nearest(MiniLm, [0.5, -0.5, 0.5, 0.5], 100, 100, ["Official", "Meeting"], null);
        cases["embedding-nearest-similar"] = () => EmbeddingStatements.Nearest(MiniLm, [0.5, -0.5, 0.5, 0.5], 50, 5, ["Official"], "he-lifeng");
        cases["embedding-vector-of"] = () => EmbeddingStatements.VectorOf(MiniLm, "he-lifeng");
        cases["embedding-vectors-first"] = () => EmbeddingStatements.Vectors(MiniLm, null, 500);
        cases["embedding-vectors-after"] = () => EmbeddingStatements.Vectors(MiniLm, "he-lifeng", 500);
    }
}
