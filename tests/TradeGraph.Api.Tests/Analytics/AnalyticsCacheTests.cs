using TradeGraph.Api.Analytics;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Tests.Analytics;

/// <summary>The analytics cache on its own: budget, least recently used first, one computation per key, versions.</summary>
public sealed class AnalyticsCacheTests
{
    private const long Unit = 200;
    private const long Entry = Unit + AnalyticsCache.EntryOverhead;

    private readonly GraphVersion _version = new();
    private int _computations;

    private AnalyticsCache Cache(long entries) => new(entries * Entry, TimeSpan.FromSeconds(10));

    private Task<string> Get(AnalyticsCache cache, string key) =>
        cache.GetOrComputeAsync(_version.Current, key, _ =>
        {
            Interlocked.Increment(ref _computations);
            return Task.FromResult((key + "@" + _version.Value, Unit));
        }, CancellationToken.None);

    [Fact]
    public async Task TheLeastRecentlyUsedEntryMakesRoomAndTheSizeStaysWithinTheBudget()
    {
        using var cache = Cache(entries: 3);
        await Get(cache, "a");
        await Get(cache, "b");
        await Get(cache, "c");
        await Task.Delay(30);
        await Get(cache, "a");
        await Task.Delay(30);
        await Get(cache, "c");
        await Task.Delay(30);

        await Get(cache, "d");
        Assert.Equal(4, _computations);
        Assert.Equal(3, cache.Count);
        Assert.True(cache.Size <= cache.Budget, $"{cache.Size} > {cache.Budget}");

        // b was used least recently: it went; a, c and d are still there.
        await Get(cache, "a");
        await Get(cache, "c");
        await Get(cache, "d");
        Assert.Equal(4, _computations);
        await Get(cache, "b");
        Assert.Equal(5, _computations);
    }

    [Fact]
    public async Task ManyDistinctKeysNeverPassTheBudget()
    {
        using var cache = Cache(entries: 5);
        for (var i = 0; i < 200; i++)
        {
            await Get(cache, "window-" + i);
            Assert.True(cache.Size <= cache.Budget, $"after {i}: {cache.Size} > {cache.Budget}");
        }

        Assert.Equal(5, cache.Count);
    }

    [Fact]
    public async Task AnEntryLargerThanTheWholeBudgetIsAnsweredButNotKept()
    {
        using var cache = Cache(entries: 1);

        var value = await cache.GetOrComputeAsync(_version.Current, "huge", _ => Task.FromResult(("huge", 10 * Entry)), CancellationToken.None);

        Assert.Equal("huge", value);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task ConcurrentCallersOfOneKeyShareOneComputation()
    {
        using var cache = Cache(entries: 3);
        var gate = new TaskCompletionSource();
        var callers = Enumerable.Range(0, 20).Select(_ => cache.GetOrComputeAsync(_version.Current, "shared", async _ =>
        {
            Interlocked.Increment(ref _computations);
            await gate.Task;
            return ("value", Unit);
        }, CancellationToken.None)).ToList();

        gate.SetResult();
        var values = await Task.WhenAll(callers);

        Assert.Equal(1, _computations);
        Assert.All(values, v => Assert.Equal("value", v));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task AFailedComputationIsNotKept()
    {
        using var cache = Cache(entries: 3);

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetOrComputeAsync<string>(_version.Current, "bad", _ => throw new InvalidOperationException("boom"), CancellationToken.None));

        AssertNothingKept(cache);
        Assert.Equal("bad@0", await Get(cache, "bad"));
    }

    [Fact]
    public async Task AComputationNobodyWaitsForIsCancelledAndNotKept()
    {
        using var cache = Cache(entries: 3);
        var started = new TaskCompletionSource();
        var sawCancellation = new TaskCompletionSource();
        using var caller = new CancellationTokenSource();
        var waiting = cache.GetOrComputeAsync(_version.Current, "slow", async token =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                sawCancellation.SetResult();
                throw;
            }

            return ("never", Unit);
        }, caller.Token);
        await started.Task;

        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        await sawCancellation.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, cache.Count);
        await WaitUntil(() => cache.Running == 0);
        Assert.Equal("slow@0", await Get(cache, "slow"));
    }

    [Fact]
    public async Task AComputationOverTheTimeLimitIsCancelled()
    {
        using var cache = new AnalyticsCache(10 * Entry, TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cache.GetOrComputeAsync(_version.Current, "endless", async token =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return ("never", Unit);
        }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task EveryEntryOfAnOlderVersionGoesWhenTheVersionMovesOn()
    {
        using var cache = Cache(entries: 10);
        await Get(cache, "a");
        await Get(cache, "b");
        Assert.Equal(2, cache.Count);

        _version.Advance();

        AssertNothingKept(cache);
        Assert.Equal("a@1", await Get(cache, "a"));
    }

    [Fact]
    public async Task AComputationFinishingAfterTheVersionMovedOnIsNotKept()
    {
        using var cache = Cache(entries: 10);
        var gate = new TaskCompletionSource();
        var pending = cache.GetOrComputeAsync(_version.Current, "late", async _ =>
        {
            await gate.Task;
            return ("stale", Unit);
        }, CancellationToken.None);

        _version.Advance();
        gate.SetResult();

        Assert.Equal("stale", await pending);
        Assert.Equal(0, cache.Count);
    }

    private static void AssertNothingKept(AnalyticsCache cache)
    {
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Size);
        Assert.Equal(0, cache.Running);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
