using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TradeGraph.Core.Semantic;

/// <summary>
/// Dot products of int8 rows with a query held as 16-bit integers (value ≈ short × scale), 32 dimensions per step: the
/// row's bytes are widened to shorts in registers and multiplied pairwise into 32-bit sums (AVX2 vpmaddwd). No overflow:
/// each 32-bit lane adds at most dimensions / 8 products of |127 × 32767|, under 2³¹ up to 4,096 dimensions.
/// </summary>
internal sealed class WidenedScan
{
    private const int Step = 32;

    private readonly short[] _query;
    private readonly float _scale;

    public WidenedScan(ReadOnlySpan<float> query)
    {
        var max = 0f;
        foreach (var value in query)
        {
            max = Math.Max(max, Math.Abs(value));
        }

        _scale = max == 0 ? 1f : max / short.MaxValue;
        _query = new short[query.Length];
        for (var i = 0; i < query.Length; i++)
        {
            _query[i] = (short)MathF.Round(query[i] / _scale);
        }
    }

    public static bool Supports(int dimensions) => Avx2.IsSupported && dimensions % Step == 0 && dimensions <= 4096;

    /// <summary>The dot product with the query, up to the row's scale.</summary>
    public float Dot(ReadOnlySpan<sbyte> row)
    {
        var query = _query.AsSpan();
        var sum = Vector256<int>.Zero;
        for (var i = 0; i < row.Length; i += Step)
        {
            var (low, high) = Vector256.Widen(Vector256.Create(row.Slice(i, Step)));
            sum += Avx2.MultiplyAddAdjacent(low, Vector256.Create(query.Slice(i, Step / 2)));
            sum += Avx2.MultiplyAddAdjacent(high, Vector256.Create(query.Slice(i + Step / 2, Step / 2)));
        }

        return Vector256.Sum(sum) * _scale;
    }
}
