using TradeGraph.Core.Graph;
using TradeGraph.Core.Writing;

namespace TradeGraph.Core.Tests.Writing;

public sealed class GraphChangeFeedTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task EverySubscriberGetsEveryChangeInOrder()
    {
        var feed = new GraphChangeFeed();
        using var cancellation = new CancellationTokenSource(Patience);
        await using var first = feed.SubscribeAsync(cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        await using var second = feed.SubscribeAsync(cancellation.Token).GetAsyncEnumerator(cancellation.Token);

        feed.Publish([Change(1, "a"), Change(1, "b")]);
        feed.Publish([Change(2, "c")]);

        Assert.Equal(["a", "b", "c"], await TakeKeysAsync(first, 3));
        Assert.Equal(["a", "b", "c"], await TakeKeysAsync(second, 3));
    }

    [Fact]
    public async Task OnlyChangesPublishedAfterSubscribingAreDelivered()
    {
        var feed = new GraphChangeFeed();
        using var cancellation = new CancellationTokenSource(Patience);
        feed.Publish([Change(1, "before")]);

        await using var subscriber = feed.SubscribeAsync(cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        feed.Publish([Change(2, "after")]);

        Assert.Equal(["after"], await TakeKeysAsync(subscriber, 1));
    }

    [Fact]
    public async Task ASlowSubscriberEndsWithAnErrorAndNeverBlocksPublishOrTheOthers()
    {
        var feed = new GraphChangeFeed(capacity: 2);
        using var cancellation = new CancellationTokenSource(Patience);
        await using var slow = feed.SubscribeAsync(cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        await using var fast = feed.SubscribeAsync(cancellation.Token).GetAsyncEnumerator(cancellation.Token);

        // Publish is synchronous: returning at all proves it did not wait for the slow reader.
        feed.Publish([Change(1, "a")]);
        Assert.Equal(["a"], await TakeKeysAsync(fast, 1));
        feed.Publish([Change(2, "b")]);
        Assert.Equal(["b"], await TakeKeysAsync(fast, 1));
        feed.Publish([Change(3, "c")]);
        Assert.Equal(["c"], await TakeKeysAsync(fast, 1));

        Assert.Equal(1, feed.SubscriberCount);
        Assert.Equal(["a", "b"], await TakeKeysAsync(slow, 2));
        var error = await Assert.ThrowsAsync<SubscriberFellBehindException>(async () => await slow.MoveNextAsync());
        Assert.Equal(2, error.Capacity);
        Assert.Contains("fell behind", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABatchIsDeliveredWholeOrNotAtAll()
    {
        var feed = new GraphChangeFeed(capacity: 3);
        using var cancellation = new CancellationTokenSource(Patience);
        await using var subscriber = feed.SubscribeAsync(cancellation.Token).GetAsyncEnumerator(cancellation.Token);

        feed.Publish([Change(1, "a"), Change(1, "b")]);
        feed.Publish([Change(2, "c"), Change(2, "d")]);

        Assert.Equal(["a", "b"], await TakeKeysAsync(subscriber, 2));
        await Assert.ThrowsAsync<SubscriberFellBehindException>(async () => await subscriber.MoveNextAsync());
    }

    [Fact]
    public async Task ABatchLargerThanTheCapacityReachesASubscriberWithNothingWaiting()
    {
        var feed = new GraphChangeFeed(capacity: 3);
        using var cancellation = new CancellationTokenSource(Patience);
        await using var subscriber = feed.SubscribeAsync(cancellation.Token).GetAsyncEnumerator(cancellation.Token);

        var big = Enumerable.Range(0, 10).Select(i => Change(1, $"k{i}")).ToList();
        feed.Publish(big);
        Assert.Equal(big.Select(c => c.Key), await TakeKeysAsync(subscriber, 10));

        // Caught up again: the next large batch is taken too; one on top of waiting changes is not.
        feed.Publish(big);
        Assert.Equal(1, feed.SubscriberCount);
        feed.Publish([Change(2, "over")]);
        Assert.Equal(0, feed.SubscriberCount);
        Assert.Equal(big.Select(c => c.Key), await TakeKeysAsync(subscriber, 10));
        await Assert.ThrowsAsync<SubscriberFellBehindException>(async () => await subscriber.MoveNextAsync());
    }

    [Fact]
    public async Task FallingBehindIsReportedAtOnceFromPublish()
    {
        var feed = new GraphChangeFeed(capacity: 2);
        using var cancellation = new CancellationTokenSource(Patience);
        SubscriberFellBehindException? reported = null;
        await using var subscriber = feed.SubscribeAsync(cancellation.Token, e => reported = e).GetAsyncEnumerator(cancellation.Token);

        feed.Publish([Change(1, "a"), Change(1, "b")]);
        Assert.Null(reported);
        feed.Publish([Change(2, "c")]);

        // Before anyone reads: a reader stuck elsewhere learns of it now, not after the changes it holds.
        Assert.Equal(2, reported?.Capacity);
        Assert.Equal(0, feed.SubscriberCount);
    }

    [Fact]
    public async Task CancellingUnsubscribes()
    {
        var feed = new GraphChangeFeed();
        using var cancellation = new CancellationTokenSource();
        await using var subscriber = feed.SubscribeAsync(cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        Assert.Equal(1, feed.SubscriberCount);

        var waiting = subscriber.MoveNextAsync();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting);
        Assert.Equal(0, feed.SubscriberCount);
        feed.Publish([Change(1, "nobody listens")]);
    }

    [Fact]
    public async Task CancellingUnsubscribesEvenWhenNothingWasRead()
    {
        var feed = new GraphChangeFeed();
        using var cancellation = new CancellationTokenSource();
        _ = feed.SubscribeAsync(cancellation.Token);
        Assert.Equal(1, feed.SubscriberCount);

        await cancellation.CancelAsync();

        Assert.Equal(0, feed.SubscriberCount);
    }

    [Fact]
    public async Task ConcurrentPublishersReachEverySubscriberInOneOrder()
    {
        var feed = new GraphChangeFeed(capacity: 10_000);
        using var cancellation = new CancellationTokenSource(Patience);
        await using var first = feed.SubscribeAsync(cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        await using var second = feed.SubscribeAsync(cancellation.Token).GetAsyncEnumerator(cancellation.Token);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(publisher => Task.Run(() =>
        {
            for (var i = 0; i < 250; i++)
            {
                feed.Publish([Change(i, $"{publisher}-{i}-a"), Change(i, $"{publisher}-{i}-b")]);
            }
        }, cancellation.Token)));

        var seenByFirst = await TakeKeysAsync(first, 2_000);
        var seenBySecond = await TakeKeysAsync(second, 2_000);
        Assert.Equal(seenByFirst, seenBySecond);
        Assert.Equal(2_000, seenByFirst.Distinct().Count());
        // Batches are never interleaved.
        for (var i = 0; i < seenByFirst.Count; i += 2)
        {
            Assert.Equal(seenByFirst[i][..^1] + "b", seenByFirst[i + 1]);
        }
    }

    private static async Task<List<string>> TakeKeysAsync(IAsyncEnumerator<GraphChange> changes, int count)
    {
        var keys = new List<string>();
        while (keys.Count < count && await changes.MoveNextAsync())
        {
            keys.Add(changes.Current.Key);
        }

        return keys;
    }

    private static GraphChange Change(long revision, string key) =>
        new(revision, ChangeKind.Updated, "Official", key,
            new Entity("Official", key, key, [], null, new Dictionary<string, object?>(), []), null, "test", DateTimeOffset.UnixEpoch);
}
