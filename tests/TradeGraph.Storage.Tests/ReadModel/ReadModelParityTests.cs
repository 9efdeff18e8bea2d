using System.Globalization;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Synthetic;

namespace TradeGraph.Storage.Tests.ReadModel;

/// <summary>The generated graph in a SQLite file, and the read model built over it (shared by the parity tests).</summary>
public sealed class GeneratedStores() : StoresOverFile(ScaleGenerator.Generate(3_000, seed: 11));

/// <summary>
/// The SQLite store is the oracle: many random reads (filters, orders, pages walked by cursor both ways, counts,
/// aggregates; entity lists and related lists) must give, item by item, the same keys, cursors, page flags, counts and
/// aggregates from the read model — and the same errors.
/// </summary>
public sealed class ReadModelParityTests(GeneratedStores stores) : IClassFixture<GeneratedStores>
{
    private IGraphStore Oracle => stores.Sqlite;

    private ReadModelGraphStore Memory => stores.ReadModel;

    [Fact]
    public async Task EntityListsCountsAndAggregatesMatchTheStore()
    {
        Assert.True(Memory.IsReady, Memory.LoadFailure?.ToString());
        var reads = new RandomReads(StoresOverFile.Model, stores.Graph, seed: 1);
        var nonEmpty = 0;
        for (var i = 0; i < 400; i++)
        {
            var kind = reads.Pick(reads.Kinds);
            var query = new EntityQuery(kind.Name, reads.Page(), reads.Filter(kind), reads.Order(kind));
            var label = $"#{i} {query}";
            var expected = await DescribeWalk(Oracle, query);
            Assert.Equal(expected, await DescribeWalk(Memory, query));
            nonEmpty += expected.Contains("key=", StringComparison.Ordinal) ? 1 : 0;

            var ranged = kind.Properties.Where(p => p.Type is PropertyType.Int or PropertyType.Float or PropertyType.Date).Select(p => p.Name).ToList();
            Assert.Equal(await Outcome(() => Oracle.AggregateEntitiesAsync(kind.Name, query.Filter, ranged, default), Describe),
                await Outcome(() => Memory.AggregateEntitiesAsync(kind.Name, query.Filter, ranged, default), Describe));
            Assert.Equal(await Outcome(() => Oracle.CountEntitiesAsync(kind.Name, query.Filter, default), c => $"{label}: {c}"),
                await Outcome(() => Memory.CountEntitiesAsync(kind.Name, query.Filter, default), c => $"{label}: {c}"));
        }

        // The filters are not all trivially empty (nor all everything): the comparison above compared real pages.
        Assert.InRange(nonEmpty, 100, 395);
    }

    [Fact]
    public async Task RelatedListsCountsAndAggregatesMatchTheStore()
    {
        var reads = new RandomReads(StoresOverFile.Model, stores.Graph, seed: 2);
        var nonEmpty = 0;
        for (var i = 0; i < 300; i++)
        {
            var anchorKind = reads.Pick(reads.Kinds.Where(k => reads.Walks(k).Count > 0).ToList());
            var (type, direction, _) = reads.Pick(reads.Walks(anchorKind));
            var target = reads.TargetKind(type, direction);
            var keys = reads.KeysByKind[anchorKind.Name];
            var anchors = Enumerable.Range(0, reads.Next(12) + 1).Select(_ => reads.Pick(keys)).Append("no-such-anchor").ToList();
            var query = new RelatedQuery(type, direction, anchors, reads.Page(), reads.Filter(target), reads.Order(target));

            var expected = await Outcome(() => Oracle.ListRelatedAsync(query, default), Describe);
            Assert.Equal(expected, await Outcome(() => Memory.ListRelatedAsync(query, default), Describe));
            nonEmpty += expected.Contains("key=", StringComparison.Ordinal) ? 1 : 0;

            // Walk on from one anchor's page, forward and back.
            var page = (await Oracle.ListRelatedAsync(query, default)).Values.FirstOrDefault(p => p.Items.Count > 0);
            if (page is not null)
            {
                foreach (var next in new[] { query with { Page = new PageRequest(First: 3, After: page.Items[^1].Cursor) }, query with { Page = new PageRequest(Last: 2, Before: page.Items[0].Cursor) } })
                {
                    Assert.Equal(await Outcome(() => Oracle.ListRelatedAsync(next, default), Describe), await Outcome(() => Memory.ListRelatedAsync(next, default), Describe));
                }
            }

            var ranged = target.Properties.Where(p => p.Type is PropertyType.Int or PropertyType.Float or PropertyType.Date).Select(p => p.Name).ToList();
            Assert.Equal(await Outcome(() => Oracle.AggregateRelatedAsync(query, ranged, default), Describe),
                await Outcome(() => Memory.AggregateRelatedAsync(query, ranged, default), Describe));
            Assert.Equal(await Outcome(() => Oracle.CountRelatedAsync(query, default), Describe),
                await Outcome(() => Memory.CountRelatedAsync(query, default), Describe));
        }

        Assert.InRange(nonEmpty, 60, 300);
    }

    [Fact]
    public async Task EntitiesByKeyAndStatisticsMatchTheStore()
    {
        var keys = stores.Graph.Entities.Where((_, i) => i % 7 == 0).Select(e => e.Key).Append("no-such-key").ToList();

        Assert.Equal(Describe(await Oracle.GetEntitiesAsync(keys, default)), Describe(await Memory.GetEntitiesAsync(keys, default)));
        var (expected, actual) = (await Oracle.GetStatisticsAsync(default), await Memory.GetStatisticsAsync(default));
        Assert.Equal(expected.EntitiesByKind.OrderBy(k => k.Key, StringComparer.Ordinal), actual.EntitiesByKind.OrderBy(k => k.Key, StringComparer.Ordinal));
        Assert.Equal(expected.RelationshipsByType.OrderBy(k => k.Key, StringComparer.Ordinal), actual.RelationshipsByType.OrderBy(k => k.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task ACursorForAnotherOrderOrNoCursorAtAllIsRefusedByBoth()
    {
        var byName = new EntityQuery("Meeting", new PageRequest(First: 2), Order: [new FieldSort("name", false)]);
        var cursor = (await Oracle.ListEntitiesAsync(byName, default)).Items[0].Cursor;
        foreach (var after in new[] { cursor, "not-a-cursor", "" })
        {
            var query = byName with { Order = [new FieldSort("startsOn", true)], Page = new PageRequest(First: 2, After: after) };
            await Assert.ThrowsAsync<InvalidCursorException>(() => Oracle.ListEntitiesAsync(query, default));
            await Assert.ThrowsAsync<InvalidCursorException>(() => Memory.ListEntitiesAsync(query, default));
        }
    }

    /// <summary>A page, then up to three pages on from its end (forward) or its start (backward), each described.</summary>
    internal static async Task<string> DescribeWalk(IGraphStore store, EntityQuery query)
    {
        var pages = new List<string>();
        var current = query;
        for (var step = 0; step < 4; step++)
        {
            Page<Entity> page;
            try
            {
                page = await store.ListEntitiesAsync(current, default);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidCastException)
            {
                pages.Add("throws " + e.GetType().Name);
                break;
            }

            pages.Add(Describe(page, e => e));
            var forward = current.Page.Last is null || current.Page.First is not null;
            if (page.Items.Count == 0 || !(forward ? page.HasNextPage : page.HasPreviousPage))
            {
                break;
            }

            current = current with
            {
                Page = forward ? new PageRequest(First: Math.Max(1, current.Page.First ?? 5), After: page.Items[^1].Cursor)
                    : new PageRequest(Last: Math.Max(1, current.Page.Last ?? 5), Before: page.Items[0].Cursor),
            };
        }

        return $"{query}\n{string.Join("\n", pages)}";
    }

    internal static async Task<string> Outcome<T>(Func<Task<T>> read, Func<T, string> describe)
    {
        try
        {
            return describe(await read());
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidCastException)
        {
            return "throws " + e.GetType().Name;
        }
    }

    private static string Describe<T>(Page<T> page, Func<T, Entity> entity) =>
        $"next={page.HasNextPage} previous={page.HasPreviousPage} [{string.Join("; ", page.Items.Select(i => $"{Describe(entity(i.Value))} @{i.Cursor}"))}]";

    private static string Describe(IReadOnlyDictionary<string, Page<RelatedEntity>> pages) => string.Join("\n", pages.OrderBy(p => p.Key, StringComparer.Ordinal)
        .Select(p => $"{p.Key}: {Describe(p.Value, r => r.Entity)} via [{string.Join("; ", p.Value.Items.Select(i => Describe(i.Value.Relationship)))}]"));

    private static string Describe(IReadOnlyDictionary<string, Aggregate> aggregates) =>
        string.Join("\n", aggregates.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}: {Describe(a.Value)}"));

    private static string Describe(IReadOnlyDictionary<string, long> counts) =>
        string.Join(", ", counts.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));

    private static string Describe(IReadOnlyDictionary<string, Entity> entities) =>
        string.Join("\n", entities.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} → {Describe(e.Value)}"));

    internal static string Describe(Aggregate aggregate) =>
        $"count={aggregate.Count} {string.Join(" ", aggregate.Ranges.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}=[{Value(r.Value.Min)}, {Value(r.Value.Max)}]"))}";

    internal static string Describe(Entity e) =>
        $"key={e.Key} {e.Kind} '{e.Name}' aliases=[{string.Join("|", e.Aliases)}] description={e.Description ?? "null"} {Properties(e.Properties)} sources={Sources(e.Sources)}";

    internal static string Describe(Relationship r) => $"{r.Type}({r.From}→{r.To}) {Properties(r.Properties)} sources={Sources(r.Sources)}";

    private static string Properties(IReadOnlyDictionary<string, object?> properties) =>
        "{" + string.Join(", ", properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {Value(p.Value)}")) + "}";

    private static string Sources(IReadOnlyList<SourceReference> sources) => string.Join("|", sources.Select(s => $"{s.Source}@{s.Locator}"));

    private static string Value(object? value) => value is null ? "null" : $"{value.GetType().Name}:{Convert.ToString(value, CultureInfo.InvariantCulture)}";
}
