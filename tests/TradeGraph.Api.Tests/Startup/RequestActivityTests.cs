using TradeGraph.Api.Startup;

namespace TradeGraph.Api.Tests.Startup;

/// <summary>What start-up work waits on: idle at once with nothing in flight, otherwise when the last request ends or the bound passes.</summary>
public sealed class RequestActivityTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(10);

    [Fact]
    public void WithNothingInFlightItIsIdleAtOnce()
    {
        var activity = new RequestActivity();

        Assert.True(activity.IdleAsync(Long, default).IsCompletedSuccessfully);
        Assert.False(activity.IsWaitedFor);
    }

    [Fact]
    public async Task ItIsIdleWhenTheLastRequestEnds()
    {
        var activity = new RequestActivity();
        activity.Begin();
        activity.Begin();

        var idle = activity.IdleAsync(Long, default);
        Assert.True(activity.IsWaitedFor);
        activity.End();
        Assert.False(idle.IsCompleted);
        Assert.Equal(1, activity.InFlight);

        activity.End();
        await idle.WaitAsync(Long);
        Assert.Equal(0, activity.InFlight);
        Assert.False(activity.IsWaitedFor);
    }

    [Fact]
    public async Task ABusyServerIsWaitedForNoLongerThanTheBoundAndAZeroBoundDoesNotWait()
    {
        var activity = new RequestActivity();
        activity.Begin();

        Assert.True(activity.IdleAsync(TimeSpan.Zero, default).IsCompletedSuccessfully);
        // Still busy: the wait ends by its bound, without an exception.
        await activity.IdleAsync(TimeSpan.FromMilliseconds(1), default).WaitAsync(Long);
        Assert.Equal(1, activity.InFlight);
    }

    [Fact]
    public async Task AWaitAfterAnIdleMomentWaitsForTheNextOne()
    {
        var activity = new RequestActivity();
        activity.Begin();
        var first = activity.IdleAsync(Long, default);
        activity.End();
        await first.WaitAsync(Long);

        activity.Begin();
        var second = activity.IdleAsync(Long, default);
        Assert.False(second.IsCompleted);
        activity.End();
        await second.WaitAsync(Long);
    }

    [Fact]
    public async Task QuietWaitsOnAnIdleServerUntilNothingCameForTheWholePeriod()
    {
        var activity = new RequestActivity();
        using var stop = new CancellationTokenSource();

        var quiet = activity.QuietAsync(Long, Long, stop.Token);
        await Task.Delay(50);
        // Idle, yet not quiet for long enough: a request that comes just after start is answered first.
        Assert.False(quiet.IsCompleted);

        stop.Cancel();
        await quiet.WaitAsync(Long);
    }

    [Fact]
    public async Task ARequestDuringTheQuietPeriodStartsItAgainWhenItEnds()
    {
        var activity = new RequestActivity();
        var period = TimeSpan.FromMilliseconds(200);
        var quiet = activity.QuietAsync(period, Long, default);
        activity.Begin();
        await Task.Delay(period * 2);
        Assert.False(quiet.IsCompleted);

        var ended = System.Diagnostics.Stopwatch.StartNew();
        activity.End();
        await quiet.WaitAsync(Long);
        // Timers may fire a tick early, never a period early.
        Assert.True(ended.Elapsed >= period - TimeSpan.FromMilliseconds(20), $"quiet after {ended.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task QuietOnABusyServerEndsByItsBoundAndAZeroPeriodIsIdle()
    {
        var activity = new RequestActivity();
        Assert.True(activity.QuietAsync(TimeSpan.Zero, Long, default).IsCompletedSuccessfully);

        activity.Begin();
        await activity.QuietAsync(Long, TimeSpan.FromMilliseconds(50), default).WaitAsync(Long);
        Assert.Equal(1, activity.InFlight);
    }
}
