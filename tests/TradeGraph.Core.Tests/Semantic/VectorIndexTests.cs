using TradeGraph.Core.Semantic;

namespace TradeGraph.Core.Tests.Semantic;

public sealed class VectorIndexTests
{
    private const int Dimensions = 8;

    [Fact]
    public void NearestIsBestFirstWithTiesByKeyAndHonoursKindsAndExcept()
    {
        var index = new VectorIndex(Dimensions);
        index.Upsert(Embedding("b", "Official", Unit(0)));
        index.Upsert(Embedding("a", "Official", Unit(0)));
        index.Upsert(Embedding("c", "Country", Unit(0)));
        index.Upsert(Embedding("d", "Official", Mix(0, 1)));
        index.Upsert(Embedding("e", "Official", Unit(1)));

        var all = index.Nearest(Unit(0), 10);
        var officials = index.Nearest(Unit(0), 10, ["Official"], except: "a");

        Assert.Equal(["a", "b", "c", "d", "e"], all.Select(h => h.Key));
        Assert.Equal(1.0, all[0].Similarity, 0.01);
        Assert.Equal(Math.Sqrt(0.5), all[3].Similarity, 0.01);
        Assert.Equal(0.0, all[4].Similarity, 0.01);
        Assert.Equal(["b", "d", "e"], officials.Select(h => h.Key));
        Assert.Equal(["a", "b"], index.Nearest(Unit(0), 2).Select(h => h.Key));
    }

    [Fact]
    public void KindsStayWithTheirKeysThroughMovesAndChangesAndNamingEveryKindFiltersNothing()
    {
        var index = new VectorIndex(Dimensions);
        index.Upsert(Embedding("a", "Official", Unit(0)));
        index.Upsert(Embedding("b", "Country", Mix(0, 1)));
        index.Upsert(Embedding("c", "Meeting", Unit(1)));
        index.Upsert(Embedding("d", "Country", Unit(2)));

        index.Remove("a");                                  // the last slot ("d", a Country) moves into the first
        index.Upsert(Embedding("c", "Country", Unit(1)));   // a key's kind changes in place

        Assert.Equal(["b", "c", "d"], index.Nearest(Unit(0), 10, ["Country"]).Select(h => h.Key));
        Assert.Empty(index.Nearest(Unit(0), 10, ["Meeting"]));
        Assert.Empty(index.Nearest(Unit(0), 10, ["Commodity"]));
        Assert.Equal(index.Nearest(Unit(1), 10).Select(h => h.Key), index.Nearest(Unit(1), 10, ["Country", "Meeting", "Official"]).Select(h => h.Key));
    }

    [Fact]
    public void AnUpsertReplacesAndARemovalKeepsTheOthersFindable()
    {
        var index = new VectorIndex(Dimensions);
        for (var i = 0; i < Dimensions; i++)
        {
            index.Upsert(Embedding($"k{i}", "Official", Unit(i)));
        }

        index.Upsert(Embedding("k0", "Official", Unit(5)) with { Fingerprint = 42 });
        index.Remove("k3");

        Assert.Equal(Dimensions - 1, index.Count);
        Assert.Equal(["k0", "k5"], index.Nearest(Unit(5), 2).Select(h => h.Key));
        Assert.Equal(42, index.FingerprintOf("k0"));
        Assert.Null(index.VectorOf("k3"));
        Assert.Equal("k7", index.Nearest(Unit(7), 1)[0].Key);
        Assert.Equal("k4", index.Nearest(Unit(4), 1)[0].Key);
    }

    [Fact]
    public void TrimmingCutsTheSlackOfDoublingAndKeepsEveryAnswer()
    {
        var index = new VectorIndex(Dimensions);
        const int rows = 70_000;
        for (var i = 0; i < rows; i++)
        {
            index.Upsert(Embedding($"k{i:D6}", i % 2 == 0 ? "Official" : "Country", i % 3 == 0 ? Unit(i % Dimensions) : Mix(i % Dimensions, (i + 1) % Dimensions)));
        }

        var before = index.Nearest(Unit(3), 25, ["Country"]);
        var grown = index.Capacity;

        index.TrimExcess();

        // Doubling left 65,536 rows for 70,000; trimmed: the rows and a sixty-fourth more.
        Assert.Equal(131_072, grown);
        Assert.Equal(rows + (rows / 64), index.Capacity);
        Assert.Equal(before, index.Nearest(Unit(3), 25, ["Country"]));
        Assert.Equal(rows, index.Count);

        // Past the headroom a large index grows by an eighth, not by doubling.
        for (var i = 0; i <= rows / 64; i++)
        {
            index.Upsert(Embedding($"n{i:D6}", "Meeting", Unit(0)));
        }

        Assert.Equal(rows + (rows / 64) + ((rows + (rows / 64)) / 8), index.Capacity);
        Assert.Equal("n000000", index.Nearest(Unit(0), 1, ["Meeting"])[0].Key);
    }

    [Fact]
    public void TrimmingASmallIndexNeverGrowsIt()
    {
        var index = new VectorIndex(Dimensions);
        index.Upsert(Embedding("a", "Official", Unit(0)));
        var capacity = index.Capacity;

        index.TrimExcess();

        Assert.Equal(1, index.Count);
        Assert.True(index.Capacity <= capacity);
        Assert.Equal("a", index.Nearest(Unit(0), 1)[0].Key);
    }

    [Fact]
    public void QuantizingKeepsCosineWithinOneHundredth()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 50; trial++)
        {
            var a = Normalised([.. Enumerable.Range(0, 384).Select(_ => (float)(random.NextDouble() - 0.5))]);
            var b = Normalised([.. Enumerable.Range(0, 384).Select(_ => (float)(random.NextDouble() - 0.5))]);
            var index = new VectorIndex(384);
            index.Upsert(new StoredEmbedding("a", "Official", 0, QuantizedVector.From(a)));

            var exact = a.Zip(b, (x, y) => x * y).Sum();

            Assert.Equal(exact, index.Nearest(b, 1)[0].Similarity, 0.01);
        }
    }

    [Fact]
    public void RoundTripsThroughBytes()
    {
        var vector = QuantizedVector.From(Mix(2, 3));
        var back = QuantizedVector.FromBytes(vector.ToBytes(), vector.Scale);

        Assert.Equal(vector.Values, back.Values);
        Assert.Equal(127, vector.Values.Max(v => Math.Abs((int)v)));
    }

    private static StoredEmbedding Embedding(string key, string kind, float[] vector) => new(key, kind, 0, QuantizedVector.From(vector));

    private static float[] Unit(int axis)
    {
        var vector = new float[Dimensions];
        vector[axis] = 1;
        return vector;
    }

    private static float[] Mix(int first, int second)
    {
        var vector = new float[Dimensions];
        vector[first] = vector[second] = MathF.Sqrt(0.5f);
        return vector;
    }

    private static float[] Normalised(float[] vector)
    {
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return [.. vector.Select(v => v / norm)];
    }
}
