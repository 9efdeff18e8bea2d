using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Storage.InMemory;
using TradeGraph.Core.Synthetic;
using TradeGraph.Core.Writing;

namespace TradeGraph.Storage.Tests.ReadModel;

/// <summary>
/// The read model's indexed orders: a run found for conditions the order holds is exactly the matching entities (so a
/// count may be its length), one with a condition it does not hold is not taken as exact, and writes — a value changed,
/// an entity added, one deleted — move entities in the order already built, which then equals one built afresh.
/// </summary>
public sealed class IndexedOrderTests
{
    private static readonly GraphModel Model = TradeModel.Define();

    private static readonly EntityKind Meeting = Model.Kind("Meeting");

    [Fact]
    public async Task ARunIsExactlyTheMatchesAndWritesKeepTheOrderInStep()
    {
        var graph = await BuildAsync(ScaleGenerator.Generate(1_000, seed: 3));
        var meetings = graph.OfKind("Meeting");
        var sample = meetings.First(n => n.Entity.Property("format") is not null && n.Entity.Property("startsOn") is not null).Entity;
        var format = (string)sample.Property("format")!;
        var from = (DateOnly)sample.Property("startsOn")!;
        var filter = new AllOf([Eq("format", format), new FieldComparison("startsOn", ComparisonOperator.GreaterThanOrEqual, from)]);

        var run = graph.Orders.Narrowed(Meeting, filter, meetings)!;
        Assert.True(run.Exact);
        Assert.Equal(Matching(graph, filter), Keys(run));
        Assert.Contains(sample.Key, Keys(run));

        // A folded condition is not what the order holds: the run only narrows, and the filter must still decide.
        var folded = new AllOf([filter, new FieldComparison("name", ComparisonOperator.Equal, sample.Name.ToUpperInvariant(), IgnoreCaseAndAccents: true)]);
        Assert.False(graph.Orders.Narrowed(Meeting, folded, meetings)!.Exact);
        Assert.False(graph.Orders.Narrowed(Meeting, new AllOf([filter, Eq("status", "PLANNED")]), meetings)!.Exact);
        Assert.Null(graph.Orders.Narrowed(Meeting, new FieldComparison("format", ComparisonOperator.In, new object?[] { format }), meetings));

        var other = Model.Enum("MeetingFormat").Values.First(v => v != format);
        var deleted = Keys(run).First(k => k != sample.Key);
        var created = new Entity("Meeting", "zz-meeting", "New", [], null, new Dictionary<string, object?> { ["format"] = format, ["startsOn"] = from.AddDays(1) }, []);
        var moved = sample with { Properties = new Dictionary<string, object?>(sample.Properties) { ["format"] = other } };
        graph.Apply(new WriteResult(
        [
            new AppliedWrite(new CreateEntity(moved, Upsert: true, new HashSet<string>()), WriteOutcome.Updated, moved, null),
            new AppliedWrite(new CreateEntity(created, Upsert: false, new HashSet<string>()), WriteOutcome.Created, created, null),
            new AppliedWrite(new DeleteEntity("Meeting", deleted, Detach: true), WriteOutcome.Deleted, graph.Find(deleted)!.Entity, null, []),
        ], Revision: 1, DateTimeOffset.UnixEpoch));

        var after = graph.Orders.Narrowed(Meeting, filter, graph.OfKind("Meeting"))!;
        Assert.Equal(Matching(graph, filter), Keys(after));
        Assert.DoesNotContain(sample.Key, Keys(after));
        Assert.DoesNotContain(deleted, Keys(after));
        Assert.Contains("zz-meeting", Keys(after));
        // In the order's own sequence, entity for entity, as a fresh build would have it.
        var fresh = new IndexedOrder(Meeting, ["format", "startsOn"], graph.OfKind("Meeting")).Run(IndexedOrders.Conjuncts(filter));
        Assert.Equal(fresh.Select(n => n.Key), after.Select(n => n.Key));
        Assert.Equal(run.Count - 1, after.Count);
    }

    [Fact]
    public async Task TwoFieldOrdersStopAtTheirBoundAndReadsStayCorrectPastIt()
    {
        var graph = await BuildAsync(ScaleGenerator.Generate(1_000, seed: 3));
        var exact = 0;
        var shapes = 0;
        foreach (var kind in new[] { Meeting, Model.Kind("Official"), Model.Kind("Country") })
        {
            var fields = new[] { "key", "name", "description" }.Concat(kind.Properties.Select(p => p.Name)).ToList();
            foreach (var first in fields)
            {
                foreach (var then in fields.Where(f => f != first))
                {
                    var filter = new AllOf([Eq(first, Value(graph, kind, first)), new FieldComparison(then, ComparisonOperator.GreaterThanOrEqual, Value(graph, kind, then))]);
                    var run = graph.Orders.Narrowed(kind, filter, graph.OfKind(kind.Name))!;
                    var matches = graph.OfKind(kind.Name).Where(new FilterCompiler(graph).Entities(filter, kind)).Select(n => n.Key).ToHashSet();
                    Assert.Subset(run.Select(n => n.Key).ToHashSet(), matches);
                    exact += run.Exact ? 1 : 0;
                    shapes++;
                }
            }
        }

        // Every shape past the bound read from a one-field order: still a superset of the matches, but no longer exact.
        Assert.True(shapes > IndexedOrders.MaxTwoFieldOrders);
        Assert.Equal(IndexedOrders.MaxTwoFieldOrders, exact);
    }

    private static object Value(ReadModelGraph graph, EntityKind kind, string field)
    {
        var read = FilterCompiler.EntityField(field, kind);
        return graph.OfKind(kind.Name).Select(n => read(n.Entity)).FirstOrDefault(v => v is not null) ?? "m";
    }

    private static List<string> Matching(ReadModelGraph graph, Filter filter) =>
        [.. graph.OfKind("Meeting").Where(new FilterCompiler(graph).Entities(filter, Meeting)).Select(n => n.Key).Order(StringComparer.Ordinal)];

    private static List<string> Keys(IEnumerable<GraphNode> nodes) => [.. nodes.Select(n => n.Key).Order(StringComparer.Ordinal)];

    private static FieldComparison Eq(string field, object? value) => new(field, ComparisonOperator.Equal, value);

    private static Task<ReadModelGraph> BuildAsync(GraphDocument document) =>
        ReadModelGraph.BuildAsync(GraphElement.All(document).ToAsyncEnumerable(), Model, CancellationToken.None);
}

/// <summary>Writes that change an indexed value (through the store): counts, pages and aggregates stay the SQLite store's, and the model is not rebuilt.</summary>
public sealed class ReadModelIndexedWritesTests() : StoresOverFile(ScaleGenerator.Generate(1_000, seed: 5))
{
    [Fact]
    public async Task WritesThatChangeIndexedValuesKeepIndexedReadsInStep()
    {
        var meetings = Graph.Entities.Where(e => e.Kind == "Meeting" && e.Property("format") is not null && e.Property("startsOn") is not null).ToList();
        var (first, second) = (meetings[0], meetings[^1]);
        var format = (string)first.Property("format")!;
        var filter = new AllOf([new FieldComparison("format", ComparisonOperator.Equal, format),
            new FieldComparison("startsOn", ComparisonOperator.GreaterThanOrEqual, meetings.Min(m => (DateOnly)m.Property("startsOn")!))]);
        var query = new EntityQuery("Meeting", new PageRequest(First: 5), filter, [new FieldSort("startsOn", true), new FieldSort("name", false)]);
        var other = Model.Enum("MeetingFormat").Values.First(v => v != format);
        GraphWrite[][] batches =
        [
            [new UpdateEntity("Meeting", first.Key, null, null, false, null, new Dictionary<string, object?> { ["format"] = other }, [], Editorial: true)],
            [new UpdateEntity("Meeting", second.Key, null, null, false, null, new Dictionary<string, object?> { ["format"] = format, ["startsOn"] = new DateOnly(2031, 1, 1) }, [], Editorial: true)],
            [new CreateEntity(new Entity("Meeting", "zz-meeting", "Late", [], null, new Dictionary<string, object?> { ["format"] = format, ["startsOn"] = new DateOnly(2032, 1, 1) }, []), false, new HashSet<string>(), Editorial: true)],
            [new DeleteEntity("Meeting", "zz-meeting", Detach: true), new DeleteEntity("Meeting", second.Key, Detach: true)],
        ];

        var before = await ReadsAsync(ReadModel, query);
        Assert.Equal(await ReadsAsync(Sqlite, query), before);
        foreach (var writes in batches)
        {
            await ReadModel.ApplyAsync(new WriteBatch(writes, "indexed-test"), default);
            var now = await ReadsAsync(ReadModel, query);
            Assert.Equal(await ReadsAsync(Sqlite, query), now);
            Assert.NotEqual(before, now);
            before = now;
        }

        Assert.Equal(1, ReadModel.Loads);
    }

    private static async Task<string> ReadsAsync(IGraphStore store, EntityQuery query) => string.Join("\n",
        await ReadModelParityTests.DescribeWalk(store, query),
        await store.CountEntitiesAsync("Meeting", query.Filter, default),
        ReadModelParityTests.Describe(await store.AggregateEntitiesAsync("Meeting", query.Filter, ["startsOn"], default)));
}
