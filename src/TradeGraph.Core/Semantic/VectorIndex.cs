using System.Numerics.Tensors;
using TradeGraph.Core.Graph;

namespace TradeGraph.Core.Semantic;

/// <summary>An entity's vector as stored: its key and kind, the fingerprint of the text it embeds, the vector.</summary>
public sealed record StoredEmbedding(string Key, string Kind, long Fingerprint, QuantizedVector Vector);

/// <summary>A key near a query vector, with the cosine similarity and the fingerprint of the text its vector embeds.</summary>
public readonly record struct VectorHit(string Key, double Similarity, long Fingerprint);

/// <summary>
/// Every entity's quantized vector in memory, in one contiguous array of signed bytes, scanned whole per query with SIMD:
/// with AVX2, bytes widened in registers and multiplied with a 16-bit copy of the query (<see cref="WidenedScan"/>);
/// elsewhere a block of rows widened to floats by <see cref="TensorPrimitives"/>, then one TensorPrimitives dot product per
/// row (measured 20× slower at 182,000 rows: TensorPrimitives has no int8 dot product, and its widening is the cost).
/// At 182,000 entities of 384 dimensions the array is 70 MB, and a scan reads it once. Readers share a lock; an upsert or a removal takes it alone.
/// </summary>
public sealed class VectorIndex(int dimensions) : IVectorSearch
{
    private const int RowsPerBlock = 64;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private sbyte[] _values = [];
    private float[] _scales = [];
    private string[] _keys = [];
    // Each slot's kind as a small number (its place in _kindNames): the scan tests a kind with one array read, not a string hash.
    private byte[] _kindIds = [];
    private readonly List<string> _kindNames = [];
    private long[] _fingerprints = [];
    private int _count;

    public int Dimensions { get; } = dimensions;

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public void Upsert(StoredEmbedding embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        if (embedding.Vector.Values.Length != Dimensions)
        {
            throw new ArgumentException($"A vector of {embedding.Vector.Values.Length} dimensions in an index of {Dimensions}.", nameof(embedding));
        }

        _lock.EnterWriteLock();
        try
        {
            // The key's shared instance (the topology's): a store's reader makes a new string per row.
            var key = SharedKeys.Share(embedding.Key);
            if (!_slots.TryGetValue(key, out var slot))
            {
                slot = _count++;
                EnsureCapacity(_count);
                _slots[key] = slot;
            }

            embedding.Vector.Values.CopyTo(_values.AsSpan(slot * Dimensions, Dimensions));
            _scales[slot] = embedding.Vector.Scale;
            _keys[slot] = key;
            // The kind as its number only: a string per row (a store's reader makes a new one each) was never read.
            _kindIds[slot] = KindId(embedding.Kind);
            _fingerprints[slot] = embedding.Fingerprint;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Drops a key's vector (the last row moves into its slot, so the array stays dense).</summary>
    public void Remove(string key)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_slots.Remove(key, out var slot))
            {
                return;
            }

            var last = --_count;
            if (slot != last)
            {
                _values.AsSpan(last * Dimensions, Dimensions).CopyTo(_values.AsSpan(slot * Dimensions, Dimensions));
                (_scales[slot], _keys[slot], _kindIds[slot], _fingerprints[slot]) = (_scales[last], _keys[last], _kindIds[last], _fingerprints[last]);
                _slots[_keys[slot]] = slot;
            }

            _keys[last] = null!;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>The stored vector of a key, as floats, or null.</summary>
    public float[]? VectorOf(string key) => Held(key)?.Vector;

    /// <summary>The fingerprint of the text a key's vector embeds, or null.</summary>
    public long? FingerprintOf(string key) => Held(key)?.Fingerprint;

    public Task<HeldVector?> VectorOfAsync(string key, CancellationToken cancellationToken) => Task.FromResult(Held(key));

    public Task<IReadOnlyList<VectorHit>> NearestAsync(float[] query, int limit, IReadOnlyCollection<string> kinds, string? except,
        CancellationToken cancellationToken) =>
        Task.FromResult(Nearest(query, limit, kinds, except, cancellationToken));

    // Vector and fingerprint under one read lock, so they belong together.
    private HeldVector? Held(string key)
    {
        _lock.EnterReadLock();
        try
        {
            return _slots.TryGetValue(key, out var slot)
                ? new HeldVector(new QuantizedVector(_values.AsSpan(slot * Dimensions, Dimensions).ToArray(), _scales[slot]).ToFloats(), _fingerprints[slot])
                : null;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// The <paramref name="limit"/> keys most similar to <paramref name="query"/> (a normalised vector), best first, ties by
    /// key; only <paramref name="kinds"/> when given, never <paramref name="except"/>.
    /// </summary>
    public IReadOnlyList<VectorHit> Nearest(ReadOnlySpan<float> query, int limit, IReadOnlyCollection<string>? kinds = null, string? except = null,
        CancellationToken cancellationToken = default)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"A query of {query.Length} dimensions for an index of {Dimensions}.", nameof(query));
        }

        if (limit <= 0)
        {
            return [];
        }

        var best = new PriorityQueue<int, (float Similarity, string Key)>(limit + 1, WorstFirst.Instance);
        var scan = WidenedScan.Supports(Dimensions) ? new WidenedScan(query) : null;
        var block = scan is null ? new float[RowsPerBlock * Dimensions] : [];
        _lock.EnterReadLock();
        try
        {
            var kindSet = kinds is { Count: > 0 } ? kinds as IReadOnlySet<string> ?? kinds.ToHashSet(StringComparer.Ordinal) : null;
            // The wanted kinds as a mask over kind ids; null when every kind held is wanted (no test per row at all).
            var wanted = kindSet is null || _kindNames.TrueForAll(kindSet.Contains) ? null : _kindNames.Select(kindSet.Contains).ToArray();
            for (var start = 0; start < _count; start += RowsPerBlock)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = Math.Min(RowsPerBlock, _count - start);
                var floats = block.AsSpan();
                if (scan is null)
                {
                    floats = floats[..(rows * Dimensions)];
                    TensorPrimitives.ConvertTruncating<sbyte, float>(_values.AsSpan(start * Dimensions, rows * Dimensions), floats);
                }

                for (var row = 0; row < rows; row++)
                {
                    var slot = start + row;
                    if ((wanted is not null && !wanted[_kindIds[slot]]) || (except is not null && _keys[slot] == except))
                    {
                        continue;
                    }

                    var dot = scan?.Dot(_values.AsSpan(slot * Dimensions, Dimensions)) ?? TensorPrimitives.Dot(floats.Slice(row * Dimensions, Dimensions), query);
                    var similarity = dot * _scales[slot];
                    // Most rows lose to the worst hit kept: one comparison, no queue work.
                    if (best.Count == limit && best.TryPeek(out _, out var worst) && WorstFirst.Instance.Compare((similarity, _keys[slot]), worst) <= 0)
                    {
                        continue;
                    }

                    best.Enqueue(slot, (similarity, _keys[slot]));
                    if (best.Count > limit)
                    {
                        best.Dequeue();
                    }
                }
            }

            var hits = new VectorHit[best.Count];
            for (var i = hits.Length - 1; i >= 0; i--)
            {
                best.TryDequeue(out var slot, out var priority);
                hits[i] = new VectorHit(priority.Key, priority.Similarity, _fingerprints[slot]);
            }

            return hits;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>How many rows the arrays hold room for (filled or not).</summary>
    public int Capacity
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _keys.Length;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>
    /// Cuts the arrays to the rows held (and a sixty-fourth more for the writes to come): once a store's vectors are loaded,
    /// growth by doubling would otherwise leave up to half of the largest array empty for as long as the process lives (issue 13).
    /// </summary>
    public void TrimExcess()
    {
        _lock.EnterWriteLock();
        try
        {
            Resize(Math.Min(_keys.Length, _count + (_count / 64)));
            // The key table too: grown by doubling while loading, it held 324,000 entries for 182,000 keys at 1M.
            _slots.TrimExcess();
            _trimmed = true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Doubling while loading (few arrays left behind for the collector); once trimmed, a large index grows by writes, slowly:
    /// past <see cref="DoublingRows"/> rows by an eighth at a time.
    /// </summary>
    private int Grown(int length) => _trimmed && length >= DoublingRows ? length + (length / 8) : Math.Max(1024, length * 2);

    private const int DoublingRows = 65_536;

    private bool _trimmed;

    private void EnsureCapacity(int count)
    {
        if (count > _keys.Length)
        {
            Resize(Grown(_keys.Length));
        }
    }

    private void Resize(int capacity)
    {
        if (capacity == _keys.Length)
        {
            return;
        }

        Array.Resize(ref _values, capacity * Dimensions);
        Array.Resize(ref _scales, capacity);
        Array.Resize(ref _keys, capacity);
        Array.Resize(ref _kindIds, capacity);
        Array.Resize(ref _fingerprints, capacity);
    }

    private byte KindId(string kind)
    {
        var id = _kindNames.IndexOf(kind);
        if (id < 0)
        {
            // A model has a few dozen kinds at most; more than a byte holds is a model this index was not built for.
            if (_kindNames.Count > byte.MaxValue)
            {
                throw new InvalidOperationException($"More than {byte.MaxValue + 1} kinds in one vector index.");
            }

            id = _kindNames.Count;
            _kindNames.Add(kind);
        }

        return (byte)id;
    }

    /// <summary>The queue's head is the worst kept hit: lowest similarity, then the greatest key.</summary>
    private sealed class WorstFirst : IComparer<(float Similarity, string Key)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((float Similarity, string Key) x, (float Similarity, string Key) y)
        {
            var bySimilarity = x.Similarity.CompareTo(y.Similarity);
            return bySimilarity != 0 ? bySimilarity : string.CompareOrdinal(y.Key, x.Key);
        }
    }
}
