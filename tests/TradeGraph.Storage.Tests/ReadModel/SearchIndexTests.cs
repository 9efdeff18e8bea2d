using TradeGraph.Core.Storage.InMemory;

namespace TradeGraph.Storage.Tests.ReadModel;

public sealed class SearchIndexTests
{
    [Fact]
    public void OnlyAFewWeightArraysAreKeptAfterABurstOfSearches()
    {
        // Each array holds a weight per indexed entity (megabytes on a large graph): a burst of concurrent searches
        // must not leave one held per request.
        var index = SearchIndex.Of([]);
        var rented = Enumerable.Range(0, 64).Select(_ => index.RentWeights()).ToList();

        foreach (var weights in rented)
        {
            index.Return(weights, []);
        }

        Assert.Equal(Environment.ProcessorCount * 2, index.KeptWeightArrays);
        var reused = index.RentWeights();
        Assert.Contains(rented, weights => ReferenceEquals(weights, reused));
    }
}
