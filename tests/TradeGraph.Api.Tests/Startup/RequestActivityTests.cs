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
}
