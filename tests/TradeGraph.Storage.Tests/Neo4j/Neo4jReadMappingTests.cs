using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Writing;
using TradeGraph.Storage.Neo4j;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;
using static TradeGraph.Storage.Tests.Neo4j.RecordingRunner;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// The store's reads against canned results, as the runner decodes them (long, double, DateOnly, lists, maps): records
/// are made as the SQLite store makes them, pages and cursors behave as its PagePlan's, and every read is one statement
/// run in read mode.
/// </summary>
public sealed class Neo4jReadMappingTests
{
    private static readonly GraphModel Model = CypherGoldenCases.Model;

    private static readonly string[] EntityColumns = [CypherReads.Labels, CypherReads.Properties];

    private static Dictionary<string, object?> Props(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    private static Dictionary<string, object?> MeetingProps(string key, DateOnly? startsOn = null) => Props(
        ("key", key), ("name", "Talks " + key), ("aliases", new List<object?> { "KL talks" }), ("description", "Round five"),
        ("startsOn", startsOn ?? new DateOnly(2025, 10, 25)), ("endsOn", "2025-10-26"), ("round", 5L), ("format", "TRADE_TALKS"),
        ("aliasesText", "KL talks"), ("sourceKeys", new List<object?> { "b-src", "a-src", "a-src", "a-src" }),
        ("sourceLocators", new List<object?> { "¶10", "¶2", "", "¶2" }));

    private static Dictionary<string, object?> PageItem(Dictionary<string, object?> props, params object?[] sortValues) => Props(
        (CypherReads.Labels, new List<object?> { "Meeting", "Entity" }), (CypherReads.Properties, props), (CypherReads.Sort, sortValues.ToList()));

    [Fact]
    public async Task AProjectedEntityComesBackWithTheLeftOutPartsEmpty()
    {
        var runner = new RecordingRunner(Result(EntityColumns,
            [new List<object?> { "Entity", "Meeting" }, Props(("key", "kl-talks"), ("name", "KL talks"), ("round", 5L))]));
        var store = new Neo4jGraphStore(runner, Model);

        var meeting = (await store.GetEntitiesAsync(["kl-talks"], EntityParts.Properties, CancellationToken.None))["kl-talks"];

        Assert.Equal(("Meeting", "KL talks", 5L), (meeting.Kind, meeting.Name, meeting.Property("round")));
        Assert.Equal(((string?)null, 0, 0), (meeting.Description, meeting.Aliases.Count, meeting.Sources.Count));
        var (statement, _) = Assert.Single(runner.Calls);
        Assert.Contains("n {.`key`, .`name`, .`title`", statement.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("properties(n)", statement.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("sourceKeys", statement.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEntityComesBackWithTypedPropertiesAndSortedSourcesAsInSqlite()
    {
        var runner = new RecordingRunner(Result(EntityColumns,
            [new List<object?> { "Entity", "Meeting" }, MeetingProps("kl-talks")],
            [new List<object?> { "Source" }, Props(("key", "a-src"), ("name", "A report"), ("aliases", new List<object?>()), ("publishedOn", new DateOnly(2025, 10, 23)),
                ("sourceKeys", new List<object?>()), ("sourceLocators", new List<object?>()))],
            [new List<object?> { "TradeMeasure", "Entity" }, Props(("key", "tariff"), ("name", "Tariff"), ("kind", "TARIFF"), ("status", "IMPOSED"),
                ("ratePercent", 25L), ("sourceKeys", new List<object?> { "a-src" }), ("sourceLocators", new List<object?> { "¶1" }))]));
        var store = new Neo4jGraphStore(runner, Model);

        var found = await store.GetEntitiesAsync(["kl-talks", "a-src", "tariff", "kl-talks"], CancellationToken.None);

        var meeting = found["kl-talks"];
        Assert.Equal(("Meeting", "Talks kl-talks", "Round five"), (meeting.Kind, meeting.Name, meeting.Description));
        Assert.Equal(["KL talks"], meeting.Aliases);
        Assert.Equal(new DateOnly(2025, 10, 25), meeting.Property("startsOn"));
        Assert.Equal(new DateOnly(2025, 10, 26), meeting.Property("endsOn"));
        Assert.IsType<long>(meeting.Property("round"));
        Assert.Equal("TRADE_TALKS", meeting.Property("format"));
        Assert.Equal(["endsOn", "format", "round", "startsOn"], meeting.Properties.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([new SourceReference("a-src", null), new SourceReference("a-src", "¶2"), new SourceReference("b-src", "¶10")], meeting.Sources);
        Assert.Equal(("Source", null), (found["a-src"].Kind, found["a-src"].Description));
        Assert.Equal(25.0, Assert.IsType<double>(found["tariff"].Property("ratePercent")));
        var (statement, mode) = Assert.Single(runner.Calls);
        Assert.Equal(AccessMode.Read, mode);
        Assert.Equal(new List<object?> { "kl-talks", "a-src", "tariff" }, statement.Parameters["p0"]);
        Assert.Empty(await new Neo4jGraphStore(runner, Model).GetEntitiesAsync([], CancellationToken.None));
        Assert.Single(runner.Calls);
    }

    [Fact]
    public async Task AForwardPageKeepsItsSizeAndSetsBothFlagsAsPagePlanDoes()
    {
        var order = new SortKey[] { new FieldSort("startsOn", true) };
        var runner = new RecordingRunner(Result([CypherReads.Rows, CypherReads.BeyondStart],
            [new List<object?> { PageItem(MeetingProps("m1"), new DateOnly(2025, 10, 30)), PageItem(MeetingProps("m2"), new DateOnly(2025, 10, 25)),
                PageItem(MeetingProps("m3"), (object?)null) }, true]));
        var store = new Neo4jGraphStore(runner, Model);

        var page = await store.ListEntitiesAsync(new EntityQuery("Meeting", new PageRequest(First: 2, After: Cursor.Encode(order, ["2025-11-01"], "m0")),
            Order: order), CancellationToken.None);

        Assert.Equal(["m1", "m2"], page.Items.Select(i => i.Value.Key));
        Assert.True(page.HasNextPage);
        Assert.True(page.HasPreviousPage);
        var (values, key) = Cursor.Decode(page.Items[1].Cursor, order);
        Assert.Equal(("2025-10-25", "m2"), (Assert.Single(values), key));
        Assert.Equal(Cursor.Encode(order, ["2025-10-30"], "m1"), page.Items[0].Cursor);
        Assert.Equal(AccessMode.Read, Assert.Single(runner.Calls).Mode);
    }

    [Fact]
    public async Task ABackwardPageIsReadReversedAndFlipped()
    {
        var runner = new RecordingRunner(Result([CypherReads.Rows, CypherReads.BeyondStart],
            [new List<object?> { PageItem(MeetingProps("m9")), PageItem(MeetingProps("m8")), PageItem(MeetingProps("m7")) }, false]));
        var store = new Neo4jGraphStore(runner, Model);

        var page = await store.ListEntitiesAsync(new EntityQuery("Meeting", new PageRequest(Last: 2)), CancellationToken.None);

        Assert.Equal(["m8", "m9"], page.Items.Select(i => i.Value.Key));
        Assert.True(page.HasPreviousPage);
        Assert.False(page.HasNextPage);
        Assert.Equal(Cursor.Encode([], [], "m8"), page.Items[0].Cursor);
    }

    [Fact]
    public async Task AnEmptyPageIsEmptyAndACursorForAnotherOrderIsRefusedBeforeAnyStatement()
    {
        var runner = new RecordingRunner(Result([CypherReads.Rows, CypherReads.BeyondStart], [new List<object?>(), false]));
        var store = new Neo4jGraphStore(runner, Model);

        var page = await store.ListEntitiesAsync(new EntityQuery("Country", new PageRequest(First: 5)), CancellationToken.None);
        await Assert.ThrowsAsync<InvalidCursorException>(() => store.ListEntitiesAsync(
            new EntityQuery("Country", new PageRequest(First: 5, After: Cursor.Encode([new FieldSort("name", false)], ["A"], "a"))), CancellationToken.None));

        Assert.Empty(page.Items);
        Assert.False(page.HasNextPage || page.HasPreviousPage);
        Assert.Single(runner.Calls);
    }

    [Fact]
    public async Task RelatedPagesComePerAnchorWithTheRelationshipBothWays()
    {
        var representsProps = Props(("sourceKeys", new List<object?> { "a-src" }), ("sourceLocators", new List<object?> { "¶3" }));
        var official = (string key) => Props((CypherReads.Labels, new List<object?> { "Official", "Entity" }),
            (CypherReads.Properties, Props(("key", key), ("name", key), ("title", "Minister"))), (CypherReads.RelationshipProperties, representsProps),
            (CypherReads.Sort, new List<object?>()));
        var runner = new RecordingRunner(
            Result([CypherReads.Anchor, CypherReads.Rows, CypherReads.BeyondStart],
                ["united-states", new List<object?> { official("scott-bessent"), official("donald-trump") }, false],
                ["china", new List<object?> { official("he-lifeng") }, false]),
            Result([CypherReads.Anchor, CypherReads.Rows, CypherReads.BeyondStart],
                ["he-lifeng", new List<object?> { Props((CypherReads.Labels, new List<object?> { "Meeting", "Entity" }), (CypherReads.Properties, MeetingProps("kl-talks")),
                    (CypherReads.RelationshipProperties, Props(("role", "DELEGATION_LEAD"), ("sourceKeys", new List<object?>()), ("sourceLocators", new List<object?>()))),
                    (CypherReads.Sort, new List<object?>())) }, true]));
        var store = new Neo4jGraphStore(runner, Model);

        var incoming = await store.ListRelatedAsync(new RelatedQuery(Model.Relationship("REPRESENTS"), Direction.Incoming,
            ["united-states", "china", "japan"], new PageRequest(First: 1)), CancellationToken.None);
        var outgoing = await store.ListRelatedAsync(new RelatedQuery(Model.Relationship("PARTICIPATES_IN"), Direction.Outgoing,
            ["he-lifeng"], new PageRequest(First: 5)), CancellationToken.None);

        Assert.Equal(["china", "japan", "united-states"], incoming.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["scott-bessent"], incoming["united-states"].Items.Select(i => i.Value.Entity.Key));
        Assert.True(incoming["united-states"].HasNextPage);
        Assert.False(incoming["china"].HasNextPage);
        Assert.Empty(incoming["japan"].Items);
        var represents = incoming["united-states"].Items[0].Value.Relationship;
        Assert.Equal(("REPRESENTS", "scott-bessent", "united-states"), (represents.Type, represents.From, represents.To));
        Assert.Equal([new SourceReference("a-src", "¶3")], represents.Sources);
        Assert.Empty(represents.Properties);
        var participates = outgoing["he-lifeng"].Items[0].Value.Relationship;
        Assert.Equal(("he-lifeng", "kl-talks", "DELEGATION_LEAD"), (participates.From, participates.To, participates.Property("role")));
        Assert.True(outgoing["he-lifeng"].HasPreviousPage);
        Assert.All(runner.Calls, c => Assert.Equal(AccessMode.Read, c.Mode));
    }

    [Fact]
    public async Task AggregatesAndCountsHaveTypedRangesAndAnEntryForEveryAnchor()
    {
        var runner = new RecordingRunner(
            Result([CypherReads.Total, "min0", "max0", "min1", "max1"], [3L, new DateOnly(2025, 10, 1), new DateOnly(2025, 10, 30), 10L, 125.5]),
            Result([CypherReads.Anchor, CypherReads.Total, "min0", "max0"], ["he-lifeng", 2L, new DateOnly(2025, 10, 25), new DateOnly(2025, 10, 30)]),
            Result([CypherReads.Anchor, CypherReads.Total], ["he-lifeng", 2L]));
        var store = new Neo4jGraphStore(runner, Model);
        var participates = Model.Relationship("PARTICIPATES_IN");

        var measures = await store.AggregateEntitiesAsync("TradeMeasure", null, ["announcedOn", "ratePercent"], CancellationToken.None);
        var related = await store.AggregateRelatedAsync(new RelatedQuery(participates, Direction.Outgoing, ["he-lifeng", "nobody"], new PageRequest()),
            ["startsOn"], CancellationToken.None);
        var counts = await store.CountRelatedAsync(new RelatedQuery(participates, Direction.Outgoing, ["he-lifeng", "nobody"], new PageRequest()), CancellationToken.None);

        Assert.Equal(3, measures.Count);
        Assert.Equal((new DateOnly(2025, 10, 1), new DateOnly(2025, 10, 30)), ((DateOnly)measures.Ranges["announcedOn"].Min!, (DateOnly)measures.Ranges["announcedOn"].Max!));
        Assert.Equal(10.0, Assert.IsType<double>(measures.Ranges["ratePercent"].Min));
        Assert.Equal(2, related["he-lifeng"].Count);
        Assert.Equal(new DateOnly(2025, 10, 30), related["he-lifeng"].Ranges["startsOn"].Max);
        Assert.Equal(0, related["nobody"].Count);
        Assert.Equal((null, null), related["nobody"].Ranges["startsOn"]);
        Assert.Equal(2, counts["he-lifeng"]);
        Assert.Equal(0, counts["nobody"]);
        Assert.Throws<ArgumentException>(() => new CypherReads(Model).AggregateEntities("Trip", null, ["status"]));
        Assert.Throws<ArgumentException>(() => new CypherReads(Model).AggregateEntities("Official",
            new RelationshipCountFilter(participates, Direction.Outgoing, ComparisonOperator.In, 1), []));
        Assert.Throws<ArgumentException>(() => new CypherReads(Model).AggregateEntities("Official", new FieldComparison("nickname", ComparisonOperator.Equal, "x"), []));
    }

    [Fact]
    public async Task SearchesScoreAndPageLikeSqlite()
    {
        var hit = (string key, object score) => new object?[] { new List<object?> { "Official", "Entity" }, Props(("key", key), ("name", key)), score };
        string[] columns = [CypherReads.Labels, CypherReads.Properties, CypherReads.Score];
        var runner = new RecordingRunner(
            Result(columns, hit("xi-jinping", 4L), hit("xiaomi", 1L)),
            Result(columns, hit("a", 12.5), hit("b", 12.5), hit("c", 3.25), hit("d", 1.0)),
            Result(columns, hit("d", 1.0)));
        var store = new Neo4jGraphStore(runner, Model);

        var substring = await store.SearchAsync("Xí", 5, CancellationToken.None);
        var first = await store.SearchRankedAsync(new SearchQuery("trump", new PageRequest(First: 3)), CancellationToken.None);
        var next = await store.SearchRankedAsync(new SearchQuery("trump", new PageRequest(First: 3, After: first.Items[^1].Cursor)), CancellationToken.None);
        var nothing = await store.SearchRankedAsync(new SearchQuery(" ?! ", new PageRequest(First: 3)), CancellationToken.None);
        var blank = await store.SearchAsync("  ", 5, CancellationToken.None);

        Assert.Equal([("xi-jinping", 4.0), ("xiaomi", 1.0)], substring.Select(h => (h.Entity.Key, h.Score)));
        Assert.Equal(["a", "b", "c"], first.Items.Select(i => i.Value.Entity.Key));
        Assert.True(first.HasNextPage);
        Assert.False(first.HasPreviousPage);
        Assert.Equal(["d"], next.Items.Select(i => i.Value.Entity.Key));
        Assert.True(next.HasPreviousPage);
        Assert.False(next.HasNextPage);
        var after = runner.Calls[2].Statement.Parameters.Values.ToList();
        Assert.Contains(3.25, after);
        Assert.Contains("c", after);
        Assert.Empty(nothing.Items);
        Assert.Empty(blank);
        Assert.Equal(3, runner.Calls.Count);
        await Assert.ThrowsAsync<InvalidCursorException>(() => store.SearchRankedAsync(new SearchQuery("x", new PageRequest(After: "bm90LWEtY3Vyc29y")), CancellationToken.None));
    }

    [Fact]
    public async Task StatisticsLeaveOutWhatIsNotStored()
    {
        var fields = Model.Kinds.Select((_, i) => $"e{i}").Concat(Model.RelationshipTypes.Select((_, i) => $"r{i}")).ToArray();
        var values = fields.Select(f => (object?)(f is "e0" ? 7L : f is "r0" ? 5L : 0L)).ToArray();
        var store = new Neo4jGraphStore(new RecordingRunner(Result(fields, values)), Model);

        var statistics = await store.GetStatisticsAsync(CancellationToken.None);

        Assert.Equal(new Dictionary<string, long> { [Model.Kinds[0].Name] = 7 }, statistics.EntitiesByKind);
        Assert.Equal(new Dictionary<string, long> { [Model.RelationshipTypes[0].Name] = 5 }, statistics.RelationshipsByType);
    }

    [Fact]
    public async Task TheExportIsOrderedByKeyAndByTypeFromTo()
    {
        string[] columns = [CypherReads.Labels, CypherReads.Properties, CypherReads.Type, CypherReads.FromKey, CypherReads.ToKey];
        var node = (string kind, string key) => new object?[] { new List<object?> { kind }, Props(("key", key), ("name", key)), null, null, null };
        var edge = (string type, string from, string to) => new object?[] { null, Props(("sourceKeys", new List<object?> { "s" }), ("sourceLocators", new List<object?> { "" })), type, from, to };
        var commits = Result([WriteStatements.CommitsProperty], [0L]);
        var store = new Neo4jGraphStore(new RecordingRunner(commits, Result(columns,
            node("Official", "xi"), edge("REPRESENTS", "xi", "china"), node("Country", "china"), edge("MENTIONS", "s", "xi"), node("Source", "s"),
            edge("MENTIONS", "s", "china")), commits), Model);

        var document = await store.ExportAsync(CancellationToken.None);

        Assert.Equal(["china", "s", "xi"], document.Entities.Select(e => e.Key));
        Assert.Equal([("MENTIONS", "s", "china"), ("MENTIONS", "s", "xi"), ("REPRESENTS", "xi", "china")], document.Relationships.Select(r => (r.Type, r.From, r.To)));
        Assert.Equal([new SourceReference("s", null)], document.Relationships[0].Sources);
    }

    [Fact]
    public async Task HistoryComesBackNewestFirstWithChangesAndSources()
    {
        var columns = new[] { StoreProperty.Fact, StoreProperty.Revision, StoreProperty.At, StoreProperty.Actor, StoreProperty.Change, StoreProperty.Changes,
            StoreProperty.SourceKeys, StoreProperty.SourceLocators, StoreProperty.SourceNotes, StoreProperty.Editorial, StoreProperty.Sequence }
            .Select(CypherReads.HistoryColumn).ToArray();
        // The older record was written before citation notes: no list, so its citations read as stated.
        var runner = new RecordingRunner(Result(columns,
            ["xi-jinping", 7L, "2026-11-29T20:52:26.1234567+00:00", "pipeline", "Updated", """[["title",null,"\"President\""]]""",
                new List<object?> { "b", "a" }, new List<object?> { "¶2", "" }, new List<object?> { "From the title.", "" }, false, null],
            ["xi-jinping", 3L, "2026-11-01T08:00:00.0000000+00:00", "seed", "Created", "[]", new List<object?> { "a" }, new List<object?> { "¶1" }, null, true, null]));
        var store = new Neo4jGraphStore(runner, Model);

        var history = await store.GetHistoryAsync(["xi-jinping", "REPRESENTS(xi-jinping,china)"], CancellationToken.None);

        Assert.Empty(history["REPRESENTS(xi-jinping,china)"]);
        var (latest, first) = (history["xi-jinping"][0], history["xi-jinping"][1]);
        Assert.Equal((7L, "pipeline", ChangeKind.Updated, false), (latest.Number, latest.Actor, latest.Change, latest.Editorial));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 20, 52, 26, TimeSpan.Zero).AddTicks(1234567), latest.At);
        Assert.Equal([new FieldChange("title", null, "\"President\"")], latest.Changes);
        Assert.Equal([new SourceReference("a", null), new SourceReference("b", "¶2", true, "From the title.")], latest.Sources);
        Assert.Equal((ChangeKind.Created, true), (first.Change, first.Editorial));
        Assert.Equal([new SourceReference("a", "¶1")], first.Sources);
        Assert.Equal(AccessMode.Read, Assert.Single(runner.Calls).Mode);
    }

    [Fact]
    public async Task CitedFactsPageEntitiesThenRelationshipsWithCursors()
    {
        var entity = Props((CypherReads.Fact, 0L), (CypherReads.Locator, "¶4"), (CypherReads.Labels, new List<object?> { "Official", "Entity" }),
            (CypherReads.Properties, Props(("key", "xi-jinping"), ("name", "Xi Jinping"))), (CypherReads.Type, "xi-jinping"), (CypherReads.FromKey, null), (CypherReads.ToKey, null));
        var relationship = (string to) => Props((CypherReads.Fact, 1L), (CypherReads.Locator, ""), (CypherReads.Labels, null),
            (CypherReads.Properties, Props(("sourceKeys", new List<object?> { "report" }), ("sourceLocators", new List<object?> { "" }))),
            (CypherReads.Type, "REPRESENTS"), (CypherReads.FromKey, "xi-jinping"), (CypherReads.ToKey, to));
        var runner = new RecordingRunner(
            Result([CypherReads.Source, CypherReads.Rows], ["report", new List<object?> { entity, relationship("china"), relationship("japan") }]),
            Result([CypherReads.Source, CypherReads.Rows], ["report", new List<object?> { relationship("japan") }]));
        var store = new Neo4jGraphStore(runner, Model);

        var first = await store.ListCitedFactsAsync(["report", "other"], new PageRequest(First: 2), CancellationToken.None);
        var next = await store.ListCitedFactsAsync(["report"], new PageRequest(First: 2, After: first["report"].Items[^1].Cursor), CancellationToken.None);

        var page = first["report"];
        Assert.True(page.HasNextPage);
        Assert.False(page.HasPreviousPage);
        Assert.Equal(("¶4", "xi-jinping"), (page.Items[0].Value.Locator, page.Items[0].Value.Entity!.Key));
        Assert.Null(page.Items[1].Value.Locator);
        Assert.Equal(("REPRESENTS", "xi-jinping", "china"), (page.Items[1].Value.Relationship!.Type, page.Items[1].Value.Relationship!.From, page.Items[1].Value.Relationship!.To));
        Assert.Empty(first["other"].Items);
        Assert.Equal(new CitationCursor(1, "REPRESENTS", "xi-jinping", "china", ""), CitationCursor.Decode(page.Items[1].Cursor));
        Assert.Equal(["japan"], next["report"].Items.Select(i => i.Value.Relationship!.To));
        Assert.True(next["report"].HasPreviousPage);
        Assert.Contains("china", runner.Calls[1].Statement.Parameters.Values);
        await Assert.ThrowsAsync<InvalidCursorException>(() => store.ListCitedFactsAsync(["report"], new PageRequest(After: "eA=="), CancellationToken.None));
    }

    [Fact]
    public async Task ANodeOfNoModelKindIsAnErrorNotAGuess()
    {
        var store = new Neo4jGraphStore(new RecordingRunner(Result(EntityColumns, [new List<object?> { "Entity", "Spaceship" }, Props(("key", "x"))])), Model);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetEntitiesAsync(["x"], CancellationToken.None));
    }
}
