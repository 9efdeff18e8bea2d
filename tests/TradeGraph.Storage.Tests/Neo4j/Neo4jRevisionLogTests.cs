using TradeGraph.Core.Writing;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// The revision log on Neo4j, against the fake Query API: one store writes, a second store on the same database (another
/// replica) reads the log with the golden statement (<c>CypherGoldenTests.Statement_revisions</c>), and a follower on it
/// publishes each revision once.
/// </summary>
public sealed class Neo4jRevisionLogTests
{
    [Fact]
    public async Task AnotherReplicaReadsEachRevisionWithItsFactsKindsAndChangesInOrder()
    {
        var (fake, writer) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        var replica = Neo4jFixtures.Store(fake);
        var before = await replica.ReadRevisionsAsync(0, 0, CancellationToken.None);
        await writer.ApplyAsync(new WriteBatch([new Disconnect("PARTICIPATES_IN", "bo-minister", "atlantis-talks")], "writer-test"), CancellationToken.None);
        await writer.ApplyAsync(new WriteBatch([new DeleteEntity("Official", "ada-envoy", Detach: true)], "writer-test"), CancellationToken.None);
        fake.ClearRequests();

        var log = await replica.ReadRevisionsAsync(before.Latest, 10, CancellationToken.None);

        Assert.Equal((0L, 1L), (before.Latest, before.BulkLoads));
        Assert.Equal(2L, log.Latest);
        Assert.Equal([1L, 2L], log.Revisions.Select(r => r.Number));
        Assert.Equal(["Deleted PARTICIPATES_IN PARTICIPATES_IN(bo-minister,atlantis-talks)"],
            log.Revisions[0].Facts.Select(f => $"{f.Change} {f.Kind} {f.Fact}"));
        Assert.Equal("writer-test", log.Revisions[1].Actor);
        Assert.Equal("Deleted Official ada-envoy", log.Revisions[1].Facts.Select(f => $"{f.Change} {f.Kind} {f.Fact}").Last());
        Assert.Contains(log.Revisions[1].Facts, f => f.Relationship == ("REPRESENTS", "ada-envoy", "atlantis"));
        var (statement, where) = Assert.Single(fake.Requests.Where(r => r.Statement is not null).Select(r => (r.Statement!, r.Where)));
        Assert.Equal(CypherReads.Revisions(0, 0).Text, statement.Text);
        Assert.Equal(AccessMode.Read.ToString(), where.Split(' ')[^1], ignoreCase: true);
    }

    [Fact]
    public async Task AFollowerOnAnotherReplicaPublishesEachRevisionOnceInOrder()
    {
        var (fake, writer) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        var replica = Neo4jFixtures.Store(fake);
        var feed = new GraphChangeFeed();
        var version = new GraphVersion();
        var follower = new RevisionFollower(replica, null, Neo4jFixtures.Model, new LocalCommits(feed), version, feed);
        await follower.StartAsync(() => { }, CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var received = new List<GraphChange>();
        var reading = Task.Run(async () =>
        {
            await foreach (var change in feed.SubscribeAsync(stop.Token))
            {
                received.Add(change);
            }
        });
        while (feed.SubscriberCount == 0)
        {
            await Task.Yield();
        }

        await writer.ApplyAsync(new WriteBatch([new Disconnect("PARTICIPATES_IN", "bo-minister", "atlantis-talks")], "writer-test"), CancellationToken.None);
        Assert.True(await follower.CatchUpAsync(CancellationToken.None));
        await writer.ApplyAsync(new WriteBatch([new Disconnect("REPRESENTS", "ada-envoy", "atlantis")], "writer-test"), CancellationToken.None);
        Assert.True(await follower.CatchUpAsync(CancellationToken.None));
        Assert.True(await follower.CatchUpAsync(CancellationToken.None));
        while (received.Count < 2)
        {
            await Task.Yield();
        }

        await stop.CancelAsync();
        await reading.ContinueWith(_ => { }, TaskScheduler.Default);
        Assert.Equal(["1 Deleted PARTICIPATES_IN bo-minister", "2 Deleted REPRESENTS ada-envoy"],
            received.Select(c => $"{c.Revision} {c.Change} {c.Kind} {c.Key}"));
        Assert.Equal((2L, 2L, 2), (follower.Position, version.Value, follower.ForeignRevisions));
    }
}
