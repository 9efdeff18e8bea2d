using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Synthetic;
using TradeGraph.Core.Writing;

namespace TradeGraph.Storage.Tests.ReadModel;

/// <summary>
/// Writes through the read model keep it in step with the store: after each committed batch (creates, updates,
/// relationship changes, detaching deletes, citations added and taken away with their source) every entity, every
/// relationship from both ends and the statistics read from memory equal the store's, without the model being rebuilt;
/// a refused batch changes neither; and a concurrent reader never sees half a batch.
/// </summary>
public sealed class ReadModelWriteSyncTests() : StoresOverFile(ScaleGenerator.Generate(1_000, seed: 5))
{
    private ReadModelGraphStore Store => ReadModel;

    [Fact]
    public async Task EveryCommittedBatchIsInTheModelWhenApplyReturns()
    {
        var source = Graph.Entities.First(e => e.Kind == GraphModel.SourceKind).Key;
        var cite = new SourceReference[] { new(source, "¶9") };
        var participation = Graph.Relationships.First(r => r.Type == "PARTICIPATES_IN");
        var busy = Graph.Relationships.GroupBy(r => r.From).Where(g => Graph.Entities.First(e => e.Key == g.Key).Kind == "Official")
            .OrderByDescending(g => g.Count()).First().Key;
        var meeting = Graph.Entities.First(e => e.Kind == "Meeting" && e.Key != participation.To);
        var batches = new GraphWrite[][]
        {
            [
                new CreateEntity(new Entity("Country", "zz-land", "Zedland", ["Zed"], "A new land.", new Dictionary<string, object?> { ["isoCode"] = "ZZ" }, cite), Upsert: false, new HashSet<string>()),
                new CreateEntity(new Entity("Official", "zz-envoy", "Zed Envoy", [], null, PropertyValues.EmptyProperties, cite), Upsert: false, new HashSet<string>()),
                new Connect(new Relationship("REPRESENTS", "zz-envoy", "zz-land", PropertyValues.EmptyProperties, cite), new HashSet<string>()),
            ],
            [
                new UpdateEntity("Meeting", meeting.Key, "Renamed meeting", ["Alias one"], true, "Now described.", new Dictionary<string, object?> { ["round"] = 9L }, cite),
                new Connect(participation with { Properties = new Dictionary<string, object?> { ["role"] = "DELEGATION_LEAD" }, Sources = cite }, new HashSet<string> { "role" }),
                new Connect(new Relationship("PARTICIPATES_IN", "zz-envoy", meeting.Key, PropertyValues.EmptyProperties, cite), new HashSet<string>()),
            ],
            [
                new Disconnect(participation.Type, participation.From, participation.To),
                new DeleteEntity("Official", busy, Detach: true),
            ],
            [
                new CreateEntity(new Entity(GraphModel.SourceKind, "zz-wire", "Wire", [], null, PropertyValues.EmptyProperties, []), Upsert: false, new HashSet<string>(), Editorial: true),
                new UpdateEntity("Country", "zz-land", null, null, false, null, PropertyValues.EmptyProperties, [new("zz-wire", "¶1")]),
                new Connect(new Relationship("REPRESENTS", "zz-envoy", "zz-land", PropertyValues.EmptyProperties, [new("zz-wire", "¶2")]), new HashSet<string>()),
            ],
            [new DeleteEntity(GraphModel.SourceKind, "zz-wire", Detach: true)],
        };

        foreach (var writes in batches)
        {
            await Store.ApplyAsync(new WriteBatch(writes, "sync-test"), default);
            Assert.Equal(await SnapshotAsync(Sqlite), await SnapshotAsync(Store));
        }

        var cited = (await Store.GetEntitiesAsync(["zz-land"], default))["zz-land"];
        Assert.DoesNotContain(cited.Sources, s => s.Source == "zz-wire");
        Assert.Empty(await Store.GetEntitiesAsync([busy], default));
        // Kept in step by applying each batch: the model built at start is the one still answering.
        Assert.Equal(1, Store.Loads);
        Assert.True(Store.IsReady);
    }

    [Fact]
    public async Task ARefusedBatchChangesNeitherStoreNorModel()
    {
        var before = await SnapshotAsync(Store);
        var connected = Graph.Relationships[0].From;

        await Assert.ThrowsAsync<GraphWriteException>(() => Store.ApplyAsync(new WriteBatch(
            [new CreateEntity(new Entity("Country", "zz-land", "Zedland", [], null, new Dictionary<string, object?> { ["isoCode"] = "ZZ" }, []), false, new HashSet<string>(), Editorial: true),
             new DeleteEntity(Graph.Entities.First(e => e.Key == connected).Kind, connected, Detach: false)], "sync-test"), default));

        Assert.Equal(before, await SnapshotAsync(Store));
        Assert.Equal(before, await SnapshotAsync(Sqlite));
        Assert.True(Store.IsReady);
    }

    [Fact]
    public async Task AConcurrentReaderNeverSeesHalfABatch()
    {
        const int Batches = 40;
        var pairs = new FieldComparison("key", ComparisonOperator.StartsWith, "pair-");
        var observed = new List<long>();
        using var done = new CancellationTokenSource();
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(async () =>
        {
            do
            {
                var page = await Store.ListEntitiesAsync(new EntityQuery("Country", new PageRequest(), pairs), default);
                var count = await Store.CountEntitiesAsync("Country", pairs, default);
                var related = await Store.CountRelatedAsync(new RelatedQuery(Model.Relationship("REPRESENTS"), Direction.Incoming,
                    [.. page.Items.Select(i => i.Value.Key)], new PageRequest()), default);
                // Each batch adds two countries and an official representing one of them: never one without the other.
                Assert.Equal(0, page.Items.Count % 2);
                Assert.Equal(0, count % 2);
                Assert.Equal(page.Items.Count / 2, related.Values.Sum());
                observed.Add(count);
                reading.TrySetResult();
            }
            while (!done.IsCancellationRequested);
        });

        await reading.Task;

        for (var i = 0; i < Batches; i++)
        {
            var key = i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
            await Store.ApplyAsync(new WriteBatch(
            [
                new CreateEntity(new Entity("Country", $"pair-{key}-a", "A", [], null, new Dictionary<string, object?> { ["isoCode"] = "QA" }, []), false, new HashSet<string>(), Editorial: true),
                new CreateEntity(new Entity("Official", $"envoy-{key}", "E", [], null, PropertyValues.EmptyProperties, []), false, new HashSet<string>(), Editorial: true),
                new Connect(new Relationship("REPRESENTS", $"envoy-{key}", $"pair-{key}-a", PropertyValues.EmptyProperties, []), new HashSet<string>(), Editorial: true),
                new CreateEntity(new Entity("Country", $"pair-{key}-b", "B", [], null, new Dictionary<string, object?> { ["isoCode"] = "QB" }, []), false, new HashSet<string>(), Editorial: true),
            ], "sync-test"), default);
        }

        await done.CancelAsync();
        await reader;
        // The reader saw the graph between batches, not only before or after them all.
        Assert.Contains(observed, c => c is > 0 and < 2 * Batches);
        Assert.Equal(2 * Batches, await Store.CountEntitiesAsync("Country", pairs, default));
        Assert.Equal(1, Store.Loads);
    }

    /// <summary>Everything a read can see: every entity of every kind in order, every walk from every entity, the statistics.</summary>
    internal static async Task<string> SnapshotAsync(IGraphStore store)
    {
        var lines = new List<string>();
        foreach (var kind in Model.Kinds)
        {
            var page = await store.ListEntitiesAsync(new EntityQuery(kind.Name, new PageRequest()), default);
            lines.AddRange(page.Items.Select(i => ReadModelParityTests.Describe(i.Value)));
            var keys = page.Items.Select(i => i.Value.Key).ToList();
            foreach (var (type, direction, _) in Model.RelationshipFieldsOf(kind.Name))
            {
                var related = await store.ListRelatedAsync(new RelatedQuery(type, direction, keys, new PageRequest()), default);
                lines.AddRange(related.OrderBy(r => r.Key, StringComparer.Ordinal).SelectMany(r =>
                    r.Value.Items.Select(i => $"{r.Key} {direction} {ReadModelParityTests.Describe(i.Value.Relationship)} {i.Value.Entity.Key}")));
            }
        }

        var statistics = await store.GetStatisticsAsync(default);
        lines.Add(string.Join(",", statistics.EntitiesByKind.OrderBy(k => k.Key, StringComparer.Ordinal)));
        lines.Add(string.Join(",", statistics.RelationshipsByType.OrderBy(k => k.Key, StringComparer.Ordinal)));
        return string.Join("\n", lines);
    }
}
