using System.Text.Encodings.Web;
using System.Text.Json;
using Snapshooter;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Storage.Sqlite;
using static TradeGraph.Core.Querying.ComparisonOperator;

namespace TradeGraph.Storage.Tests.Sqlite;

/// <summary>
/// Golden SQL, as CypherGoldenTests pins Neo4j's: the text and parameters of the SQLite store's main reads (entities by
/// key, a page, related pages, aggregates, search, near spellings, history), pinned by snapshots
/// (__snapshots__/SqlGoldenTests.Statement_&lt;case&gt;.snap). A change to a read shows up here as a diff to review.
/// </summary>
public sealed class SqlGoldenTests
{
    private static readonly GraphModel Model = TradeModel.Define();

    private static readonly SqlReads Reads = new(Model);

    private static readonly SortKey ByName = new FieldSort("name", false);

    private static readonly SortKey ByStartsOnDesc = new FieldSort("startsOn", true);

    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly Dictionary<string, Func<SqlStatement>> All = new(StringComparer.Ordinal)
    {
        ["entities-by-key"] = () => SqlReads.EntitiesByKey(["xi-jinping", "scott-bessent"], EntityParts.All),
        ["entities-by-key-name-only"] = () => SqlReads.EntitiesByKey(["xi-jinping"], EntityParts.None),
        ["page-first"] = () => Reads.EntityPage(new EntityQuery("Country", new PageRequest(First: 3))).Statement,
        ["page-filter-sort-after"] = () => Reads.EntityPage(new EntityQuery("Meeting",
            new PageRequest(First: 5, After: Cursor.Encode([ByStartsOnDesc], ["2025-10-25"], "kuala-lumpur-trade-talks")),
            new FieldComparison("format", Equal, "TRADE_TALKS", false), [ByStartsOnDesc])).Statement,
        ["page-last-before"] = () => Reads.EntityPage(new EntityQuery("Country", new PageRequest(Last: 3, Before: Cursor.Encode([], [], "japan")),
            Parts: EntityParts.Description)).Statement,
        ["aggregate-entities"] = () => Reads.EntityAggregate(Model.Kind("Meeting"), new FieldComparison("round", GreaterThan, 1L, false),
            [Model.Kind("Meeting").FindProperty("startsOn")!, Model.Kind("Meeting").FindProperty("round")!]),
        ["related-incoming"] = () => Reads.RelatedPage(new RelatedQuery(Model.Relationship("REPRESENTS"), Direction.Incoming,
            ["united-states", "china"], new PageRequest(First: 50)), Model.Kind("Official")).Statement,
        ["related-filter-order-after"] = () => Reads.RelatedPage(new RelatedQuery(Model.Relationship("PARTICIPATES_IN"), Direction.Incoming,
            ["kuala-lumpur-trade-talks"], new PageRequest(First: 2, After: Cursor.Encode([ByName], ["He Lifeng"], "he-lifeng")),
            new FieldComparison("name", Contains, "li", true), [ByName], EntityParts.Properties | EntityParts.RelationshipProperties), Model.Kind("Official")).Statement,
        ["aggregate-related"] = () => Reads.RelatedAggregate(new RelatedQuery(Model.Relationship("PARTICIPATES_IN"), Direction.Outgoing,
            ["he-lifeng"], new PageRequest()), Model.Kind("Meeting"), [Model.Kind("Meeting").FindProperty("startsOn")!]),
        ["search"] = () => SqlReads.Search("bessent", ["Official", "Country"], 5),
        ["search-ranked-first"] = () => Ranked(new SearchQuery("Trade talks", new PageRequest(First: 3)), "\"trade\"* \"talks\"*"),
        ["search-ranked-last-before"] = () => Ranked(new SearchQuery("xi", new PageRequest(Last: 2, Before: SearchCursor.Encode(12.5, "xi-jinping")),
            ["Official"], Parts: EntityParts.None), "\"xi\"*"),
        ["near-spellings"] = () => SqlReads.NearSpellings("besent", 2),
        ["history"] = () => SqlReads.History(["xi-jinping", "REPRESENTS:xi-jinping->china"]),
    };

    public static TheoryData<string> Cases => [.. All.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Statement(string name)
    {
        var statement = All[name]();

        Format(statement).MatchSnapshot(new SnapshotNameExtension(name));
    }

    [Fact]
    public void APageReadsItsSortValuesAfterTheEntityColumnsAndARelatedPageAfterTheRelationships()
    {
        var page = Reads.EntityPage(new EntityQuery("Meeting", new PageRequest(First: 5), Order: [ByStartsOnDesc])).Statement.Text;

        Assert.StartsWith($"SELECT {EntityColumns.All}, e.s0 FROM (", page, StringComparison.Ordinal);
        Assert.Equal(7, SqlReads.EntityPageSortValues);
        Assert.Equal((1, 8, 10), (SqlReads.RelatedEntity, SqlReads.RelatedRelationship, SqlReads.RelatedSortValues));
    }

    private static SqlStatement Ranked(SearchQuery query, string match) =>
        SqlReads.SearchRanked(query, match, query.Kinds ?? ["Official", "Country"], KeysetPaging.Of(query.Page, SearchQuery.DefaultPageSize), SearchWindow.Of(query.Page));

    /// <summary>The text, then each parameter and its value as JSON, in the order they are bound.</summary>
    internal static string Format(SqlStatement statement) =>
        statement.Text + "\n\n-- parameters\n" + string.Concat(statement.Parameters
            .Select(p => $"{p.Name} = {(p.Value is DBNull ? "NULL" : JsonSerializer.Serialize(p.Value, Options))}\n"));
}
