using TradeGraph.Core.Analytics;
using TradeGraph.Core.Exchange;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Seeding;
using TradeGraph.Core.Storage;

namespace TradeGraph.Storage.Tests.Contract;

/// <summary>
/// THE store contract: every backend runs these same tests over the curated seed. A backend's test class only says how
/// to create an empty store (<see cref="CreateStoreAsync"/>) and how to reopen it (<see cref="ReopenAsync"/>).
/// </summary>
public abstract partial class GraphStoreContract : IAsyncLifetime
{
    protected static readonly GraphModel Model = TradeModel.Define();

    private static readonly Lazy<GraphDocument> Seed = new(() => new SeedReader(Model).ReadDirectory(
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "seed"))));

    protected IGraphStore Store { get; private set; } = null!;

    protected static GraphDocument SeedDocument => Seed.Value;

    /// <summary>A new, empty, initialized store.</summary>
    protected abstract Task<IGraphStore> CreateStoreAsync();

    /// <summary>The same store as a fresh process would see it (new connections, nothing cached).</summary>
    protected abstract Task<IGraphStore> ReopenAsync();

    /// <summary>Why this backend cannot run here (such as "NEO4J_URI is not set"); null when it can.</summary>
    protected virtual string? UnavailableReason => null;

    public async Task InitializeAsync()
    {
        if (UnavailableReason is not null)
        {
            return;
        }

        Store = await CreateStoreAsync();
        await Store.ImportAsync(SeedDocument, CancellationToken.None);
    }

    /// <summary>Every contract test starts here: a backend that cannot run here is skipped, saying why.</summary>
    protected void SkipUnlessAvailable() => Skip.If(UnavailableReason is not null, UnavailableReason);

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [SkippableFact]
    public async Task HoldsEveryFactOfTheSeed()
    {
        SkipUnlessAvailable();
        var statistics = await Store.GetStatisticsAsync(CancellationToken.None);

        Assert.Equal(SeedDocument.Entities.Count, statistics.EntityCount);
        Assert.Equal(SeedDocument.Relationships.Count, statistics.RelationshipCount);
        foreach (var group in SeedDocument.Entities.GroupBy(e => e.Kind))
        {
            Assert.Equal(group.Count(), statistics.EntitiesByKind[group.Key]);
        }
    }

    [SkippableFact]
    public async Task LoadingTheSameSeedAgainChangesNothing()
    {
        SkipUnlessAvailable();
        var before = await Store.GetEntitiesAsync([.. SeedDocument.Entities.Select(e => e.Key)], CancellationToken.None);

        var result = await Store.ImportAsync(SeedDocument, CancellationToken.None);
        var after = await Store.GetEntitiesAsync([.. SeedDocument.Entities.Select(e => e.Key)], CancellationToken.None);

        Assert.Equal(0, result.Inserted);
        Assert.Equal(0, result.Updated);
        Assert.Equal(SeedDocument.Entities.Count + SeedDocument.Relationships.Count, result.Unchanged);
        foreach (var (key, entity) in before)
        {
            AssertSameEntity(entity, after[key]);
        }
    }

    [SkippableFact]
    public async Task ReturnsEntitiesAsSeededWithTypedPropertiesAndSources()
    {
        SkipUnlessAvailable();
        var expected = SeedDocument.Entities.Single(e => e.Key == "kuala-lumpur-trade-talks");

        var found = await Store.GetEntitiesAsync(["kuala-lumpur-trade-talks", "no-such-key"], CancellationToken.None);

        var entity = Assert.Single(found).Value;
        AssertSameEntity(expected, entity);
        Assert.IsType<DateOnly>(entity.Property("startsOn"));
        Assert.IsType<long>(entity.Property("round"));
    }

    [SkippableFact]
    public async Task ListsAKindInKeyOrderWithKeysetCursors()
    {
        SkipUnlessAvailable();
        var expected = SeedDocument.Entities.Where(e => e.Kind == "Country").Select(e => e.Key).Order(StringComparer.Ordinal).ToList();

        var first = await Store.ListEntitiesAsync(new EntityQuery("Country", new PageRequest(First: 3)), CancellationToken.None);
        var second = await Store.ListEntitiesAsync(new EntityQuery("Country", new PageRequest(First: 3, After: first.Items[^1].Cursor)), CancellationToken.None);
        var last = await Store.ListEntitiesAsync(new EntityQuery("Country", new PageRequest(Last: 2)), CancellationToken.None);
        var count = await Store.CountEntitiesAsync("Country", null, CancellationToken.None);

        Assert.Equal(expected[..3], first.Items.Select(i => i.Value.Key));
        Assert.True(first.HasNextPage);
        Assert.False(first.HasPreviousPage);
        Assert.Equal(expected[3..6], second.Items.Select(i => i.Value.Key));
        Assert.True(second.HasPreviousPage);
        Assert.Equal(expected[^2..], last.Items.Select(i => i.Value.Key));
        Assert.True(last.HasPreviousPage);
        Assert.False(last.HasNextPage);
        Assert.Equal(expected.Count, count);
    }

    [SkippableFact]
    public async Task APageStaysRightWhenEntitiesAreAddedBeforeIt()
    {
        SkipUnlessAvailable();
        var first = await Store.ListEntitiesAsync(new EntityQuery("Country", new PageRequest(First: 2)), CancellationToken.None);
        var expectedNext = await Store.ListEntitiesAsync(new EntityQuery("Country", new PageRequest(First: 2, After: first.Items[^1].Cursor)), CancellationToken.None);
        var source = SeedDocument.Entities.First(e => e.Kind == GraphModel.SourceKind).Key;

        await Store.ImportAsync(new GraphDocument(
            [new Entity("Country", "aaa-first-land", "Aaa", [], null, new Dictionary<string, object?> { ["isoCode"] = "AA" }, [new SourceReference(source, "¶1")])],
            []), CancellationToken.None);
        var next = await Store.ListEntitiesAsync(new EntityQuery("Country", new PageRequest(First: 2, After: first.Items[^1].Cursor)), CancellationToken.None);

        Assert.Equal(expectedNext.Items.Select(i => i.Value.Key), next.Items.Select(i => i.Value.Key));
    }

    [SkippableFact]
    public async Task ListsRelatedEntitiesForManyAnchorsInOneCall()
    {
        SkipUnlessAvailable();
        var type = Model.Relationship("REPRESENTS");
        var expected = SeedDocument.Relationships.Where(r => r.Type == "REPRESENTS").GroupBy(r => r.To)
            .ToDictionary(g => g.Key, g => g.Select(r => r.From).Order(StringComparer.Ordinal).ToList());
        string[] anchors = ["united-states", "china", "japan"];

        var pages = await Store.ListRelatedAsync(new RelatedQuery(type, Direction.Incoming, anchors, new PageRequest(First: 50)), CancellationToken.None);
        var counts = await Store.CountRelatedAsync(new RelatedQuery(type, Direction.Incoming, anchors, new PageRequest()), CancellationToken.None);

        Assert.Equal(anchors.Order(), pages.Keys.Order());
        foreach (var anchor in anchors)
        {
            var keys = pages[anchor].Items.Select(i => i.Value.Entity.Key).ToList();
            Assert.Equal(expected.GetValueOrDefault(anchor) ?? [], keys);
            Assert.Equal(keys.Count, counts[anchor]);
            Assert.All(pages[anchor].Items, i => Assert.Equal(anchor, i.Value.Relationship.To));
        }
    }

    [SkippableFact]
    public async Task ReturnsRelationshipPropertiesAndSources()
    {
        SkipUnlessAvailable();
        var expected = SeedDocument.Relationships.Single(r => r is { Type: "PARTICIPATES_IN", From: "he-lifeng" });

        var pages = await Store.ListRelatedAsync(
            new RelatedQuery(Model.Relationship("PARTICIPATES_IN"), Direction.Outgoing, ["he-lifeng"], new PageRequest(First: 10)), CancellationToken.None);

        var related = Assert.Single(pages["he-lifeng"].Items).Value;
        Assert.Equal(expected.To, related.Entity.Key);
        Assert.Equal(expected.Property("role"), related.Relationship.Property("role"));
        Assert.Equal(Sorted(expected.Sources), Sorted(related.Relationship.Sources));
    }

    [SkippableFact]
    public async Task PagesRelatedEntitiesPerAnchor()
    {
        SkipUnlessAvailable();
        var type = Model.Relationship("REPRESENTS");
        var query = new RelatedQuery(type, Direction.Incoming, ["united-states"], new PageRequest(First: 2));

        var first = (await Store.ListRelatedAsync(query, CancellationToken.None))["united-states"];
        var rest = (await Store.ListRelatedAsync(query with { Page = new PageRequest(First: 10, After: first.Items[^1].Cursor) }, CancellationToken.None))["united-states"];

        Assert.Equal(2, first.Items.Count);
        Assert.True(first.HasNextPage);
        Assert.True(rest.HasPreviousPage);
        Assert.False(rest.HasNextPage);
        Assert.Empty(first.Items.Select(i => i.Value.Entity.Key).Intersect(rest.Items.Select(i => i.Value.Entity.Key)));
    }

    [SkippableTheory]
    [InlineData("xi jinping", "xi-jinping")]
    [InlineData("XÍ", "xi-jinping")]
    [InlineData("Bessent", "scott-bessent")]
    public async Task SearchesNamesAndAliasesIgnoringCaseAndAccents(string text, string expected)
    {
        SkipUnlessAvailable();
        var hits = await Store.SearchAsync(text, 5, CancellationToken.None);

        Assert.Equal(expected, hits[0].Entity.Key);
        Assert.DoesNotContain(hits, h => h.Entity.Kind == GraphModel.SourceKind);
    }

    [SkippableFact]
    public async Task AFailedImportChangesNothing()
    {
        SkipUnlessAvailable();
        var before = await Store.GetStatisticsAsync(CancellationToken.None);
        var source = SeedDocument.Entities.First(e => e.Kind == GraphModel.SourceKind).Key;
        var document = new GraphDocument(
            [new Entity("Official", "new-official", "New Official", [], null, new Dictionary<string, object?>(), [new SourceReference(source, "¶1")])],
            [new Relationship("REPRESENTS", "new-official", "atlantis", new Dictionary<string, object?>(), [new SourceReference(source, "¶1")])]);

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => Store.ImportAsync(document, CancellationToken.None));
        var after = await Store.GetStatisticsAsync(CancellationToken.None);

        Assert.Equal(before.EntityCount, after.EntityCount);
        Assert.Empty(await Store.GetEntitiesAsync(["new-official"], CancellationToken.None));
    }

    [SkippableFact]
    public async Task AnImportThatWouldBreakASingleValuedEndIsRefused()
    {
        SkipUnlessAvailable();
        var source = SeedDocument.Entities.First(e => e.Kind == GraphModel.SourceKind).Key;
        var document = new GraphDocument([], [new Relationship("REPRESENTS", "xi-jinping", "japan", new Dictionary<string, object?>(), [new SourceReference(source, "¶1")])]);

        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => Store.ImportAsync(document, CancellationToken.None));

        Assert.Contains("more than one REPRESENTS", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task KeepsEverythingAcrossAReopen()
    {
        SkipUnlessAvailable();
        var reopened = await ReopenAsync();

        var statistics = await reopened.GetStatisticsAsync(CancellationToken.None);
        var xi = await reopened.GetEntitiesAsync(["xi-jinping"], CancellationToken.None);

        Assert.Equal(SeedDocument.Entities.Count + SeedDocument.Relationships.Count, statistics.EntityCount + statistics.RelationshipCount);
        AssertSameEntity(SeedDocument.Entities.Single(e => e.Key == "xi-jinping"), xi["xi-jinping"]);
    }

    [SkippableFact]
    public async Task PagingForwardThenBackwardVisitsEveryEntityOnceUnderAnyOrder()
    {
        SkipUnlessAvailable();
        var source = SeedDocument.Entities.First(e => e.Kind == GraphModel.SourceKind).Key;
        var generated = GeneratedGraph.Meetings(240, seed: 7, source);
        await Store.ImportAsync(generated, CancellationToken.None);
        var random = new Random(11);
        // Scores from outside the store (centrality): ties, and a third of the meetings without one (null).
        var scores = new ScoreTable(ScoreMeasures.PageRank, generated.Entities.Where(e => e.Kind == "Meeting").Select((e, i) => (e.Key, i))
            .Where(p => p.i % 3 != 0).ToDictionary(p => p.Key, p => (p.i % 7) * 0.5));
        var takesPlaceIn = Model.Relationship("TAKES_PLACE_IN");
        var participatesIn = Model.Relationship("PARTICIPATES_IN");
        SortKey[] candidates =
        [
            new FieldSort("startsOn", false), new FieldSort("startsOn", true), new FieldSort("round", false), new FieldSort("round", true),
            new FieldSort("name", false), new FieldSort("name", true),
            new RelatedFieldSort(takesPlaceIn, Direction.Outgoing, "name", false), new RelatedFieldSort(takesPlaceIn, Direction.Outgoing, "name", true),
            new RelationshipCountSort(participatesIn, Direction.Incoming, false), new RelationshipCountSort(participatesIn, Direction.Incoming, true),
            new ScoreSort(scores, false), new ScoreSort(scores, true),
        ];
        var filter = new FieldComparison("key", ComparisonOperator.StartsWith, "gen-");

        for (var run = 0; run < 20; run++)
        {
            var order = candidates.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList();
            var size = random.Next(1, 40);
            var all = await Store.ListEntitiesAsync(new EntityQuery("Meeting", new PageRequest(First: 1000), filter, order), CancellationToken.None);
            var expected = all.Items.Select(i => i.Value.Key).ToList();

            var forward = new List<string>();
            string? after = null;
            Page<Entity> page;
            do
            {
                page = await Store.ListEntitiesAsync(new EntityQuery("Meeting", new PageRequest(First: size, After: after), filter, order), CancellationToken.None);
                forward.AddRange(page.Items.Select(i => i.Value.Key));
                after = page.Items.LastOrDefault()?.Cursor;
            }
            while (page.HasNextPage);

            var backward = new List<string>();
            string? before = null;
            do
            {
                page = await Store.ListEntitiesAsync(new EntityQuery("Meeting", new PageRequest(Last: size, Before: before), filter, order), CancellationToken.None);
                backward.InsertRange(0, page.Items.Select(i => i.Value.Key));
                before = page.Items.FirstOrDefault()?.Cursor;
            }
            while (page.HasPreviousPage);

            var described = string.Join(", ", order.Select(k => k.Signature)) + $" by {size}";
            Assert.True(expected.Count == 240, $"{described}: {expected.Count} meetings");
            Assert.True(expected.Distinct().Count() == expected.Count, $"{described}: a meeting listed twice");
            Assert.True(expected.SequenceEqual(forward), $"{described}: forward paging differs");
            Assert.True(expected.SequenceEqual(backward), $"{described}: backward paging differs");
        }
    }

    [SkippableFact]
    public async Task SortsAndFiltersByScoresComputedOutsideTheStore()
    {
        SkipUnlessAvailable();
        var scores = new ScoreTable(ScoreMeasures.PageRank,
            new Dictionary<string, double> { ["xi-jinping"] = 0.5, ["donald-trump"] = 0.9, ["he-lifeng"] = 0.5, ["scott-bessent"] = 0.1 });

        var byScore = await Store.ListEntitiesAsync(new EntityQuery("Official", new PageRequest(First: 3), null, [new ScoreSort(scores, true)]), CancellationToken.None);
        var scored = await Store.CountEntitiesAsync("Official", new ScoreComparison(scores, ComparisonOperator.GreaterThanOrEqual, 0.5), CancellationToken.None);
        var unscored = await Store.CountEntitiesAsync("Official", new Not(new ScoreComparison(scores, ComparisonOperator.GreaterThan, 0.0)), CancellationToken.None);
        var listed = await Store.CountEntitiesAsync("Official", new ScoreComparison(scores, ComparisonOperator.In, new List<object?> { 0.1, 0.9 }), CancellationToken.None);
        var viaMeeting = await Store.CountEntitiesAsync("Meeting", new RelationshipFilter(Model.Relationship("PARTICIPATES_IN"), Direction.Incoming,
            RelationshipQuantifier.Some, new ScoreComparison(scores, ComparisonOperator.Equal, 0.9), null), CancellationToken.None);

        Assert.Equal(["donald-trump", "he-lifeng", "xi-jinping"], byScore.Items.Select(i => i.Value.Key));
        Assert.Equal(3, scored);
        Assert.Equal(SeedDocument.Entities.Count(e => e.Kind == "Official") - 4, unscored);
        Assert.Equal(2, listed);
        Assert.Equal(SeedDocument.Relationships.Count(r => r is { Type: "PARTICIPATES_IN", From: "donald-trump" }), viaMeeting);
    }

    [SkippableFact]
    public async Task CountsAndAggregatesFollowTheFilter()
    {
        SkipUnlessAvailable();
        var filter = new RelationshipFilter(Model.Relationship("REPRESENTS"), Direction.Outgoing, RelationshipQuantifier.Some,
            new FieldComparison("isoCode", ComparisonOperator.Equal, "US"), null);
        var expected = SeedDocument.Relationships.Count(r => r is { Type: "REPRESENTS", To: "united-states" });

        var count = await Store.CountEntitiesAsync("Official", filter, CancellationToken.None);
        var trips = await Store.AggregateEntitiesAsync("Trip", null, ["startsOn", "endsOn"], CancellationToken.None);

        Assert.Equal(expected, count);
        Assert.Equal(SeedDocument.Entities.Count(e => e.Kind == "Trip"), trips.Count);
        Assert.Equal(SeedDocument.Entities.Where(e => e.Kind == "Trip").Select(e => e.Property("startsOn")).OfType<DateOnly>().Min(), trips.Ranges["startsOn"].Min);
    }

    [SkippableFact]
    public async Task ReadsTheGraphsShapeForAnalyticsAsTheExportHasIt()
    {
        SkipUnlessAvailable();
        var exported = GraphTopology.From(await Store.ExportAsync(CancellationToken.None));

        var topology = await Store.ReadTopologyAsync(CancellationToken.None);

        // The same nodes with the same kinds and date spans; the same relationships with the same dates and numbers.
        Assert.Equal(Nodes(exported), Nodes(topology));
        Assert.Equal(Relationships(exported), Relationships(topology));
        Assert.Contains(Relationships(topology), r => r.Contains("order=", StringComparison.Ordinal));
        Assert.Contains(Nodes(topology), n => n.StartsWith("Meeting", StringComparison.Ordinal) && !n.Contains(GraphTopology.Undated.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        static List<string> Nodes(GraphTopology t) =>
            [.. Enumerable.Range(0, t.NodeCount).Select(v => $"{t.KindNames[t.NodeKind[v]]} {t.Keys[v]} {t.NodeEarliest[v]}..{t.NodeLatest[v]}")];

        List<string> Relationships(GraphTopology t) => [.. Enumerable.Range(0, t.RelationshipCount).Select(r =>
        {
            var type = Model.Relationship(t.TypeNames[t.RelationshipTypeIds[r]]);
            var numbers = type.Properties.Where(p => p.Type is PropertyType.Int or PropertyType.Float).Select(p => $"{p.Name}={t.RelationshipValue(r, p.Name)}");
            return $"{type.Name} {t.Keys[t.RelationshipFrom[r]]} {t.Keys[t.RelationshipTo[r]]} {t.RelationshipDates(r)} {string.Join(",", numbers)}";
        }).Order(StringComparer.Ordinal)];
    }

    [SkippableFact]
    public async Task ExportsTheWholeGraphAsItWasImported()
    {
        SkipUnlessAvailable();
        var writer = new SeedWriter(Model);

        var exported = await Store.ExportAsync(CancellationToken.None);

        Assert.Equal(SeedDocument.Entities.Count, exported.Entities.Count);
        Assert.Equal(SeedDocument.Relationships.Count, exported.Relationships.Count);
        Assert.Empty(DocumentReferences.Dangling(exported));
        Assert.Equal(await writer.WriteToStringAsync(InExportOrder(SeedDocument), CancellationToken.None),
            await writer.WriteToStringAsync(exported, CancellationToken.None));
    }

    [SkippableFact]
    public async Task ExportsAGeneratedGraphInKeyOrderWithEveryCitation()
    {
        SkipUnlessAvailable();
        var source = SeedDocument.Entities.First(e => e.Kind == GraphModel.SourceKind).Key;
        var generated = GeneratedGraph.Meetings(300, seed: 3, source);
        var cited = new Entity("Topic", "gen-topic", "A \"quoted\" topic – ¶", ["Alias"], "Line one\nline two",
            PropertyValues.EmptyProperties,
            [new SourceReference(source, "¶10"), new SourceReference(source, null), new SourceReference(source, "¶2"), new SourceReference(source, "¶10")]);
        var mentions = new Relationship("MENTIONS", source, "gen-topic", new Dictionary<string, object?> { ["occurrences"] = 2L },
            [new SourceReference(source, "¶3:0-5")]);
        var added = new GraphDocument([.. generated.Entities, cited], [.. generated.Relationships, mentions]);
        await Store.ImportAsync(added, CancellationToken.None);
        var writer = new SeedWriter(Model);

        var exported = await Store.ExportAsync(CancellationToken.None);

        var expected = InExportOrder(new GraphDocument([.. SeedDocument.Entities, .. added.Entities], [.. SeedDocument.Relationships, .. added.Relationships]));
        Assert.Equal(expected.Entities.Select(e => e.Key), exported.Entities.Select(e => e.Key));
        Assert.Equal(expected.Relationships.Select(r => (r.Type, r.From, r.To)), exported.Relationships.Select(r => (r.Type, r.From, r.To)));
        Assert.Equal([new SourceReference(source, null), new SourceReference(source, "¶2"), new SourceReference(source, "¶10")],
            exported.Entities.Single(e => e.Key == "gen-topic").Sources);
        Assert.Equal(await writer.WriteToStringAsync(expected, CancellationToken.None), await writer.WriteToStringAsync(exported, CancellationToken.None));
    }

    /// <summary>
    /// A document as <see cref="IGraphStore.ExportAsync"/> gives it: entities by key, relationships by (type, from, to), each
    /// fact's citations once, by source key, then locator (none first, then shorter first, so ¶2 comes before ¶10).
    /// </summary>
    private static GraphDocument InExportOrder(GraphDocument document) => new(
        [.. document.Entities.Select(e => e with { Sources = InExportOrder(e.Sources) }).OrderBy(e => e.Key, StringComparer.Ordinal)],
        [.. document.Relationships.Select(r => r with { Sources = InExportOrder(r.Sources) })
            .OrderBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.From, StringComparer.Ordinal).ThenBy(r => r.To, StringComparer.Ordinal)]);

    private static SourceReference[] InExportOrder(IEnumerable<SourceReference> sources) =>
        [.. sources.Select(s => s.Locator == "" ? s with { Locator = null } : s).Distinct()
            .OrderBy(s => s.Source, StringComparer.Ordinal).ThenBy(s => s.Locator?.Length).ThenBy(s => s.Locator, StringComparer.Ordinal)];

    private static List<SourceReference> Sorted(IEnumerable<SourceReference> sources) =>
        [.. sources.OrderBy(s => s.Source, StringComparer.Ordinal).ThenBy(s => s.Locator, StringComparer.Ordinal)];

    private static void AssertSameEntity(Entity expected, Entity actual)
    {
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.Key, actual.Key);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Aliases, actual.Aliases);
        Assert.Equal(expected.Description, actual.Description);
        Assert.Equal(expected.Properties.OrderBy(p => p.Key), actual.Properties.OrderBy(p => p.Key));
        Assert.Equal(Sorted(expected.Sources), Sorted(actual.Sources));
    }
}
