using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Writing;
using TradeGraph.Storage.Neo4j;
using TradeGraph.Storage.Sqlite;
using TradeGraph.Storage.Tests.Sqlite;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// SQLite is the reference for reads too: the read shapes the fake executes (<see cref="FakeNeo4j"/>.Reads) run through the
/// Neo4j store against the same seed, after the same writes, and answer as the SQLite store does — entities by key for
/// every set of parts, the substring search (hits, scores, order), ranked search (which entities; the scores are Lucene's
/// on a real server and are not modelled) and history. Pages, aggregates, statistics, cited facts and export are not
/// executed by the fake (their Cypher is pinned by the golden tests and run by the contract suite on a real Neo4j).
/// </summary>
public sealed class Neo4jReadParityTests : IAsyncLifetime
{
    private readonly TempSqliteStore _store = new();
    private SqliteGraphStore _sqlite = null!;
    private Neo4jGraphStore _neo4j = null!;

    public async Task InitializeAsync()
    {
        _sqlite = await _store.OpenAsync(Neo4jFixtures.Model);
        await _sqlite.ImportAsync(Neo4jFixtures.Seed, CancellationToken.None);
        (_, _neo4j) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Seed);
        foreach (var batch in Writes())
        {
            await _sqlite.ApplyAsync(batch, CancellationToken.None);
            await _neo4j.ApplyAsync(batch, CancellationToken.None);
        }
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        return Task.CompletedTask;
    }

    public static TheoryData<int> EveryParts => [.. Enumerable.Range(0, (int)EntityParts.All + 1)];

    [Theory]
    [MemberData(nameof(EveryParts))]
    public async Task EntitiesByKeyAnswerAsOnSqlite(int parts)
    {
        string[] keys = [.. Neo4jFixtures.Seed.Entities.Select(e => e.Key), "ada-envoy", "no-such-key", "xi-jinping"];

        var expected = await _sqlite.GetEntitiesAsync(keys, (EntityParts)parts, CancellationToken.None);
        var actual = await _neo4j.GetEntitiesAsync(keys, (EntityParts)parts, CancellationToken.None);

        Assert.Equal(Describe(expected), Describe(actual));
    }

    [Theory]
    [InlineData("xi")]
    [InlineData("Xí JÌNPÍNG")]
    [InlineData("trade")]
    [InlineData("bessent")]
    [InlineData("kuala lumpur")]
    [InlineData("a")]
    public async Task SubstringSearchAnswersAsOnSqlite(string text)
    {
        var expected = await _sqlite.SearchAsync(text, 8, CancellationToken.None);
        var actual = await _neo4j.SearchAsync(text, 8, CancellationToken.None);

        Assert.Equal(expected.Select(h => $"{h.Entity.Key} {h.Score}"), actual.Select(h => $"{h.Entity.Key} {h.Score}"));
    }

    [Theory]
    [InlineData("trade talks", false)]
    [InlineData("Bessent", false)]
    [InlineData("Bessant", true)]
    [InlineData("president of china", false)]
    [InlineData("China's", false)]
    [InlineData("xi jin", false)]
    public async Task RankedSearchFindsTheSameEntitiesAsOnSqlite(string text, bool fuzzy)
    {
        var query = new SearchQuery(text, new PageRequest(First: 50), Fuzzy: fuzzy);

        var expected = await _sqlite.SearchRankedAsync(query, CancellationToken.None);
        var actual = await _neo4j.SearchRankedAsync(query, CancellationToken.None);

        Assert.NotEmpty(expected.Items);
        Assert.Equal(expected.Items.Select(i => i.Value.Entity.Key).Order(StringComparer.Ordinal), actual.Items.Select(i => i.Value.Entity.Key).Order(StringComparer.Ordinal));
    }

    public static TheoryData<string, string?, bool, bool> ListShapes => new()
    {
        { "Official", null, false, true }, { "Official", "name", false, false }, { "Official", "title", true, true },
        { "Meeting", "startsOn", true, true }, { "Meeting", "startsOn", false, false }, { "Meeting", "round", false, true },
        { "Country", "isoCode", true, true }, { "TradeMeasure", "ratePercent", true, true }, { "Source", "publishedOn", false, true },
        { "Topic", null, false, false },
    };

    [Theory]
    [MemberData(nameof(ListShapes))]
    public async Task FirstPagesOfAKindAnswerAsOnSqlite(string kind, string? field, bool descending, bool whole)
    {
        var query = new EntityQuery(kind, new PageRequest(First: 4), Order: field is null ? null : [new FieldSort(field, descending)],
            Parts: whole ? EntityParts.All : EntityParts.None);

        var expected = await _sqlite.ListEntitiesAsync(query, CancellationToken.None);
        var actual = await _neo4j.ListEntitiesAsync(query, CancellationToken.None);

        Assert.NotEmpty(expected.Items);
        Assert.Equal(Describe(expected), Describe(actual));
    }

    [Theory]
    [InlineData("PARTICIPATES_IN", Direction.Incoming, null, false, true)]
    [InlineData("PARTICIPATES_IN", Direction.Incoming, "name", true, false)]
    [InlineData("PARTICIPATES_IN", Direction.Outgoing, "startsOn", true, true)]
    [InlineData("REPRESENTS", Direction.Outgoing, null, false, true)]
    [InlineData("REPRESENTS", Direction.Incoming, "title", false, true)]
    [InlineData("MENTIONS", Direction.Outgoing, "name", false, true)]
    [InlineData("MENTIONS", Direction.Incoming, "publishedOn", true, false)]
    public async Task NeighboursAnswerAsOnSqlite(string type, Direction direction, string? field, bool descending, bool whole)
    {
        string[] anchors = ["kuala-lumpur-trade-talks", "trump-xi-meeting", "xi-jinping", "scott-bessent", "ada-envoy", "china", "united-states",
            Neo4jFixtures.Report, "no-such-key"];
        var query = new RelatedQuery(Neo4jFixtures.Model.Relationship(type), direction, anchors, new PageRequest(First: 3),
            Order: field is null ? null : [new FieldSort(field, descending)], Parts: whole ? EntityParts.All : EntityParts.None);

        var expected = await _sqlite.ListRelatedAsync(query, CancellationToken.None);
        var actual = await _neo4j.ListRelatedAsync(query, CancellationToken.None);

        Assert.Contains(expected.Values, page => page.Items.Count > 0);
        Assert.Equal(Describe(expected), Describe(actual));
    }

    [Fact]
    public async Task StatisticsAndTheExportAnswerAsOnSqlite()
    {
        var expected = await _sqlite.GetStatisticsAsync(CancellationToken.None);
        var actual = await _neo4j.GetStatisticsAsync(CancellationToken.None);
        Assert.Equal(expected.EntityCount, actual.EntityCount);
        Assert.Equal(expected.RelationshipCount, actual.RelationshipCount);
        Assert.Equal(expected.EntitiesByKind.OrderBy(e => e.Key, StringComparer.Ordinal), actual.EntitiesByKind.OrderBy(e => e.Key, StringComparer.Ordinal));

        var sqliteGraph = await _sqlite.ExportAsync(CancellationToken.None);
        var neo4jGraph = await _neo4j.ExportAsync(CancellationToken.None);
        Assert.Equal(sqliteGraph.Entities.Select(Neo4jFixtures.Describe), neo4jGraph.Entities.Select(Neo4jFixtures.Describe));
        Assert.Equal(sqliteGraph.Relationships.Select(Neo4jFixtures.Describe), neo4jGraph.Relationships.Select(Neo4jFixtures.Describe));
    }

    [Fact]
    public async Task HistoryAnswersAsOnSqlite()
    {
        string[] facts = ["ada-envoy", "xi-jinping", "scott-bessent", FactKey.Of("PARTICIPATES_IN", "ada-envoy", "kuala-lumpur-trade-talks"), "nothing-here"];

        var expected = await _sqlite.GetHistoryAsync(facts, CancellationToken.None);
        var actual = await _neo4j.GetHistoryAsync(facts, CancellationToken.None);

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var fact in facts)
        {
            Assert.Equal(expected[fact].Select(Describe), actual[fact].Select(Describe));
        }
    }

    /// <summary>A few batches, so history has several revisions and a fact changed twice within one.</summary>
    private static IEnumerable<WriteBatch> Writes()
    {
        var cited = new SourceReference(Neo4jFixtures.Report, "¶3");
        var ada = new Entity("Official", "ada-envoy", "Ada Envoy", ["Ada"], "Trade envoy.", new Dictionary<string, object?> { ["title"] = "Envoy" }, [cited]);
        yield return new([new CreateEntity(ada, Upsert: false, new HashSet<string>())], "parity");
        yield return new([
            new UpdateEntity("Official", "ada-envoy", "Ada Envoy-Smith", null, false, null, PropertyValues.EmptyProperties, [], Editorial: true),
            new UpdateEntity("Official", "ada-envoy", null, ["Ada", "A. Envoy"], false, null, PropertyValues.EmptyProperties, [new(Neo4jFixtures.Report, "¶4")]),
            new Connect(new Relationship("PARTICIPATES_IN", "ada-envoy", "kuala-lumpur-trade-talks", new Dictionary<string, object?> { ["role"] = "DELEGATE" }, [cited]),
                new HashSet<string> { "role" }),
        ], "parity");
        yield return new([
            new Connect(new Relationship("MENTIONS", Neo4jFixtures.Report, "xi-jinping", new Dictionary<string, object?> { ["occurrences"] = 2L },
                [new(Neo4jFixtures.Report, "¶3:0-10")]), new HashSet<string> { "occurrences" }),
            new Connect(new Relationship("MENTIONS", Neo4jFixtures.Report, "china", new Dictionary<string, object?> { ["occurrences"] = 5L },
                [new(Neo4jFixtures.Report, "¶1:0-5")]), new HashSet<string> { "occurrences" }),
        ], "parity");
        yield return new([new UpdateEntity("Official", "xi-jinping", null, null, false, null,
            new Dictionary<string, object?> { ["title"] = "President" }, [new(Neo4jFixtures.Report, "¶9")])], "parity");
    }

    private static List<string> Describe(Page<Entity> page) =>
        [$"next={page.HasNextPage} previous={page.HasPreviousPage}", .. page.Items.Select(i => Neo4jFixtures.Describe(i.Value))];

    private static List<string> Describe(IReadOnlyDictionary<string, Page<RelatedEntity>> pages) =>
        [.. pages.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => p.Value.Items
            .Select(i => $"{p.Key}: {Neo4jFixtures.Describe(i.Value.Entity)} via {Neo4jFixtures.Describe(i.Value.Relationship)}")
            .Prepend($"{p.Key}: next={p.Value.HasNextPage}"))];

    private static List<string> Describe(IReadOnlyDictionary<string, Entity> entities) =>
        [.. entities.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}: {Neo4jFixtures.Describe(e.Value)}")];

    private static string Describe(Revision revision) =>
        // Not the time: the Neo4j store's clock is fixed by the fixture.
        $"#{revision.Number} {revision.Actor} {revision.Change} editorial={revision.Editorial} "
        + $"changes=[{string.Join(", ", revision.Changes.Select(c => $"{c.Field}: {c.Previous ?? "∅"} → {c.Current ?? "∅"}"))}] "
        + $"sources=[{string.Join(" ", revision.Sources.Select(s => $"{s.Source}@{s.Locator ?? "(null)"}{(s.Inferred ? $" inferred: {s.Note}" : "")}"))}]";
}
