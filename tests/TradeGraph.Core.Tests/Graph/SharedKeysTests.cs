using TradeGraph.Core.Analytics;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Semantic;

namespace TradeGraph.Core.Tests.Graph;

/// <summary>
/// One instance per entity key (issue 13): once a topology's keys are offered, the vector index and a topology read
/// back from its file hold those very strings, and a key not offered is taken as given. The one test that offers keys
/// in this assembly (the table is the process's); whatever was offered, Share returns an equal string.
/// </summary>
public sealed class SharedKeysTests
{
    [Fact]
    public void TheVectorIndexAndATopologyReadBackHoldTheOfferedInstances()
    {
        var topology = GraphTopology.From(
            new[] { "beta", "alpha", "gamma" }.Select(k => new Entity("Topic", k, k, [], null, new Dictionary<string, object?>(), [])),
            [new Relationship("RELATES_TO", "alpha", "beta", new Dictionary<string, object?>(), [])]);
        SharedKeys.Offer(topology);
        var alpha = topology.EntityKeys[0];

        // Equal strings made apart, as a store's reader makes them.
        var copy = new string("alpha".AsSpan());
        Assert.NotSame(alpha, copy);
        Assert.Same(alpha, SharedKeys.Share(copy));
        var stranger = new string("delta".AsSpan());
        Assert.Same(stranger, SharedKeys.Share(stranger));

        var index = new VectorIndex(4);
        index.Upsert(new StoredEmbedding(copy, "Topic", 1, QuantizedVector.From([1f, 0f, 0f, 0f])));
        index.Upsert(new StoredEmbedding(stranger, "Topic", 2, QuantizedVector.From([0f, 1f, 0f, 0f])));
        var hits = index.Nearest([1f, 0f, 0f, 0f], 2);
        Assert.Equal(["alpha", "delta"], hits.Select(h => h.Key));
        Assert.Same(alpha, hits[0].Key);
        Assert.Same(stranger, hits[1].Key);
        Assert.Equal(1, index.FingerprintOf(copy));

        using var file = new MemoryStream();
        Assert.True(TopologySnapshotFormat.TryWrite(topology, "stamp", file));
        file.Position = 0;
        var readBack = TopologySnapshotFormat.TryRead(file, "stamp", CancellationToken.None);
        Assert.NotNull(readBack);
        Assert.Equal(topology.EntityKeys, readBack.EntityKeys);
        Assert.All(Enumerable.Range(0, 3), i => Assert.Same(topology.EntityKeys[i], readBack.EntityKeys[i]));
    }
}
