using TradeGraph.Core.Storage;
using TradeGraph.Core.Storage.Import;
using TradeGraph.Storage.Neo4j;
using TradeGraph.Storage.Neo4j.Cypher;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// Neo4j with real data: start-up while indexes populate (audit T1) and imports larger than one transaction should
/// hold (T2), on the fake that acts the statements out.
/// </summary>
public sealed class Neo4jLargeDatabaseTests
{
    [Fact]
    public async Task StartUpWaitsWhileIndexesPopulateAskingInShortReads()
    {
        var fake = new FakeNeo4j(Neo4jFixtures.Model);
        fake.PopulatingIndexes.Enqueue([("entity_search", "POPULATING", 12.5), ("Official_name", "POPULATING", 80)]);
        fake.PopulatingIndexes.Enqueue([("entity_search", "POPULATING", 60)]);
        var store = Store(fake, new Neo4jOptions { IndexPollInterval = TimeSpan.FromMilliseconds(1) });

        await store.InitializeAsync(CancellationToken.None);

        Assert.True(store.IndexWait!.Online);
        Assert.Equal(3, store.IndexWait.Polls);
        Assert.Empty(store.IndexWait.StillPopulating);
        Assert.Equal(3, fake.Requests.Count(r => r.Statement?.Text.StartsWith("SHOW INDEXES", StringComparison.Ordinal) == true));
        Assert.Equal((long)Neo4jSchema.CurrentVersion, fake.Meta["schema"]); // the start went on to record the version
    }

    [Fact]
    public async Task WhenTheSchemaTimeIsUpTheStartGoesOnNamingWhatStillPopulates()
    {
        var fake = new FakeNeo4j(Neo4jFixtures.Model);
        for (var i = 0; i < 10_000; i++)
        {
            fake.PopulatingIndexes.Enqueue([("entity_search", "POPULATING", 40)]);
        }

        var store = Store(fake, new Neo4jOptions { SchemaTimeout = TimeSpan.FromMilliseconds(1), IndexPollInterval = TimeSpan.FromMilliseconds(1) });

        await store.InitializeAsync(CancellationToken.None);

        Assert.False(store.IndexWait!.Online);
        Assert.Equal("entity_search POPULATING 40%", Assert.Single(store.IndexWait.StillPopulating).ToString());
        Assert.True(fake.PopulatingIndexes.Count > 0); // it stopped asking at the limit, not when the answers ran out
        Assert.Equal((long)Neo4jSchema.CurrentVersion, fake.Meta["schema"]);
    }

    [Fact]
    public async Task AFailedIndexStopsTheStartSayingWhatToDo()
    {
        var fake = new FakeNeo4j(Neo4jFixtures.Model);
        fake.PopulatingIndexes.Enqueue([("entity_search", "FAILED", 3)]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Store(fake, new Neo4jOptions()).InitializeAsync(CancellationToken.None));

        Assert.Contains("could not populate entity_search", error.Message, StringComparison.Ordinal);
        Assert.Contains("DROP INDEX", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADocumentIsSplitSourcesFirstThenEntitiesThenRelationshipsEveryFactOnce()
    {
        var document = Neo4jFixtures.Tiny;

        var batches = ImportBatches.Split(document, 3);

        Assert.Equal([3, 3, 3, 1], batches.Select(b => b.Entities.Count + b.Relationships.Count));
        Assert.Equal("memo", batches[0].Entities[0].Key);
        Assert.Equal(document.Entities.Select(e => e.Key).Order(), batches.SelectMany(b => b.Entities).Select(e => e.Key).Order());
        Assert.Equal(document.Relationships, batches.SelectMany(b => b.Relationships));
        Assert.Empty(batches[1].Relationships.Concat(batches[0].Relationships));
        Assert.Single(ImportBatches.Split(document, 10)); // it fits: one transaction, all or nothing
    }

    [Fact]
    public async Task ALargeImportCommitsOneTransactionPerBatchAndEndsAsOneTransactionWould()
    {
        var whole = new FakeNeo4j(Neo4jFixtures.Model);
        var expected = await Store(whole, new Neo4jOptions()).ImportAsync(Neo4jFixtures.Seed, CancellationToken.None);
        var fake = new FakeNeo4j(Neo4jFixtures.Model);
        var store = Store(fake, new Neo4jOptions { ImportBatchSize = 50 });
        var reported = new List<long>();

        var result = await store.ImportAsync(Neo4jFixtures.Seed, new SyncProgress(reported.Add), CancellationToken.None);

        var facts = Neo4jFixtures.Seed.Entities.Count + Neo4jFixtures.Seed.Relationships.Count;
        Assert.Equal(expected, result);
        Assert.Equal((facts + 49) / 50, fake.Requests.Count(r => r.Where.StartsWith("COMMIT", StringComparison.Ordinal)));
        Assert.Equal(whole.Nodes.Keys.Order(), fake.Nodes.Keys.Order());
        Assert.Equal(whole.Relationships.Count, fake.Relationships.Count);
        Assert.Equal(reported.Order(), reported); // progress only moves forward, across batches
        Assert.Equal(facts, reported[^1]);
    }

    [Fact]
    public async Task AFailureHalfWayKeepsTheCommittedBatchesAndImportingAgainResumes()
    {
        var fake = new FakeNeo4j(Neo4jFixtures.Model);
        var store = Store(fake, new Neo4jOptions { ImportBatchSize = 3 });
        var broken = Neo4jFixtures.Tiny with
        {
            Relationships = [.. Neo4jFixtures.Tiny.Relationships, Neo4jFixtures.Relationship("REPRESENTS", "bo-minister", "nowhere", new(), ("memo", "¶5"))],
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.ImportAsync(broken, CancellationToken.None));

        Assert.Contains("stopped in batch 4 of 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("batches 1-3 (9 facts) are committed, batch 4 was rolled back", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown key 'nowhere'", error.Message, StringComparison.Ordinal);
        Assert.Equal(6, fake.Nodes.Count);
        Assert.Equal(3, fake.Relationships.Count); // the fourth batch's relationship was rolled back with it

        var resumed = await store.ImportAsync(Neo4jFixtures.Tiny, CancellationToken.None);

        Assert.Equal(new ImportResult(1, 0, 9), resumed);
        Assert.Equal(4, fake.Relationships.Count);
    }

    private static Neo4jGraphStore Store(FakeNeo4j fake, Neo4jOptions settings) =>
        new(fake, Neo4jFixtures.Model) { Clock = TimeProvider.System, Settings = settings };

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
