using TradeGraph.Api.GraphQL.Loading;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.Tests.GraphQLHttp;

/// <summary>
/// A batch's values: one fetch for the queued keys, each key's value (or none) to its own result, whether the fetch
/// answered at once (the read model in memory), later, or failed.
/// </summary>
public sealed class BatchLoaderTests
{
    [Fact]
    public async Task AFetchThatAnswersAtOnceGivesEveryValueAtOnceFromOneFetch()
    {
        var fetched = new List<string[]>();
        var loader = new BatchLoader<string, string>((keys, _, _) =>
        {
            fetched.Add([.. keys]);
            return Task.FromResult<IReadOnlyDictionary<string, string>>(keys.Where(k => k != "missing").ToDictionary(k => k, k => k.ToUpperInvariant()));
        });

        var a = loader.Load("a", EntityParts.None);
        var b = loader.Load("b", EntityParts.None);
        var missing = loader.Load("missing", EntityParts.None);
        var first = b.GetResultAsync();

        Assert.True(first.IsCompletedSuccessfully);
        Assert.Equal("B", await first);
        Assert.Equal("A", await a.GetResultAsync());
        Assert.Null(await missing.GetResultAsync());
        Assert.Equal("A", await loader.Load("a", EntityParts.None).GetResultAsync());
        Assert.Equal(["a", "b", "missing"], Assert.Single(fetched));
    }

    [Fact]
    public async Task AFetchStillRunningIsAwaited()
    {
        var answer = new TaskCompletionSource<IReadOnlyDictionary<string, string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loader = new BatchLoader<string, string>((_, _, _) => answer.Task);
        var a = loader.Load("a", EntityParts.None);
        var b = loader.Load("b", EntityParts.None);

        var first = a.GetResultAsync();
        var second = b.GetResultAsync();
        Assert.False(first.IsCompleted);
        answer.SetResult(new Dictionary<string, string> { ["a"] = "A" });

        Assert.Equal("A", await first.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Null(await second.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task AFailedFetchFailsEveryValueOfItsBatchWithItsError()
    {
        var failure = new InvalidOperationException("the store refused");
        var loader = new BatchLoader<string, string>((_, _, _) => Task.FromException<IReadOnlyDictionary<string, string>>(failure));
        var a = loader.Load("a", EntityParts.None);
        var b = loader.Load("b", EntityParts.None);

        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => a.GetResultAsync()));
        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => b.GetResultAsync()));
    }
}
