using GraphQL.DataLoader;
using TradeGraph.Api.GraphQL.Loading;

namespace TradeGraph.Api.Tests.GraphQLHttp;

/// <summary>A path's nodes as one loader result: in order, loads with no value left out, whether done or still pending.</summary>
public sealed class LoadedListTests
{
    [Fact]
    public async Task DoneLoadsGiveTheValuesInOrderAtOnceWithoutTheMissingOnes()
    {
        var list = new LoadedList<string>([Done("a"), Done(null), Done("c")]);

        var values = list.GetResultAsync();
        var boxed = ((IDataLoaderResult)list).GetResultAsync();

        Assert.True(values.IsCompletedSuccessfully);
        Assert.Equal(["a", "c"], await values);
        Assert.Equal(["a", "c"], Assert.IsAssignableFrom<IReadOnlyList<string>>(await boxed));
    }

    [Fact]
    public async Task APendingLoadIsAwaitedAndTheLoadsAfterItKeepTheirPlace()
    {
        var pending = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var list = new LoadedList<string>([Done("a"), new Pending(pending.Task), Done(null), Done("d")]);

        var values = list.GetResultAsync();
        var boxed = ((IDataLoaderResult)list).GetResultAsync();
        Assert.False(values.IsCompleted);
        pending.SetResult("b");

        Assert.Equal(["a", "b", "d"], await values.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(["a", "b", "d"], Assert.IsAssignableFrom<IReadOnlyList<string>>(await boxed.WaitAsync(TimeSpan.FromSeconds(10))));
    }

    private static Pending Done(string? value) => new(Task.FromResult(value));

    private sealed class Pending(Task<string?> task) : IDataLoaderResult<string?>
    {
        public Task<string?> GetResultAsync(CancellationToken cancellationToken = default) => task;

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await task;
    }
}
