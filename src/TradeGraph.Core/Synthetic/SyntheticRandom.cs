namespace TradeGraph.Core.Synthetic;

/// <summary>
/// xoshiro256** seeded through splitmix64: a small generator whose sequence is fixed by its definition, so the same
/// seed gives the same graph on every runtime (System.Random's seeded sequence is not a documented contract).
/// </summary>
internal sealed class SyntheticRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SyntheticRandom(long seed)
    {
        var x = unchecked((ulong)seed);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A whole number in [0, <paramref name="count"/>).</summary>
    public int Next(int count) => (int)(((NextUInt64() >> 33) * (ulong)count) >> 31);

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    /// <summary>A number in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong value, int bits) => (value << bits) | (value >> (64 - bits));
}

/// <summary>
/// Draws 0..n-1 with probability proportional to 1/(i+1)^s (Zipf): index 0 most often, a long tail of rare ones.
/// Cumulative weights and a binary search: O(n) memory, O(log n) per draw.
/// </summary>
internal sealed class ZipfSampler
{
    private readonly double[] _cumulative;

    public ZipfSampler(int count, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _cumulative = new double[count];
        var total = 0.0;
        for (var i = 0; i < count; i++)
        {
            total += Math.Pow(i + 1, -exponent);
            _cumulative[i] = total;
        }
    }

    public int Count => _cumulative.Length;

    public int Sample(SyntheticRandom random)
    {
        var target = random.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, target);
        return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
    }
}

/// <summary>Draws 0..n-1 with probability proportional to given weights.</summary>
internal sealed class WeightedSampler
{
    private readonly double[] _cumulative;

    public WeightedSampler(IReadOnlyList<double> weights)
    {
        _cumulative = new double[weights.Count];
        var total = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            total += weights[i];
            _cumulative[i] = total;
        }
    }

    public int Sample(SyntheticRandom random)
    {
        var target = random.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, target);
        return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
    }
}
