using System.Globalization;
using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace TradeGraph.Api.Analytics;

/// <summary>
/// Projections and results of one generation (an analytics snapshot, or a graph version), within a budget in bytes
/// (a <see cref="MemoryCache"/> with a size limit; each entry charged what its arrays take, its own estimate, so a
/// ranking of a million nodes counts its megabytes, not one entry): the least recently used go first when a new one needs
/// room, and every entry is tied to its generation's token, so all of them go the moment the generation is retired.
/// The next generation's entries can be put in before it is served (<see cref="Prefill"/>).
/// Concurrent callers of one key share one computation (<see cref="SharedWork{T}"/>); a computation that fails, is
/// abandoned or outlives its version is never kept.
/// </summary>
internal sealed class AnalyticsCache : IDisposable
{
    /// <summary>
    /// What an entry costs in bytes on top of its own estimate (the cache entry, its key, object headers and small
    /// dictionaries): thousands of tiny projections must not hide under a budget their arrays alone would fit.
    /// </summary>
    public const long EntryOverhead = 1024;

    private readonly MemoryCache _entries;
    private readonly ConcurrentDictionary<string, SharedWork<object>> _running = new(StringComparer.Ordinal);
    private readonly TimeSpan _timeLimit;
    private readonly Lock _watchLock = new();
    private readonly HashSet<CancellationToken> _watched = [];

    public AnalyticsCache(long budget, TimeSpan timeLimit)
    {
        Budget = budget;
        _timeLimit = timeLimit;
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = budget, TrackStatistics = true });
    }

    /// <summary>Most bytes the cache holds by its entries' estimates (with <see cref="EntryOverhead"/> per entry).</summary>
    public long Budget { get; }

    /// <summary>Accounted size of what is held now.</summary>
    public long Size => _entries.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    /// <summary>Entries held now.</summary>
    public int Count => _entries.Count;

    /// <summary>Computations running now (each shared by all who asked for it).</summary>
    public int Running => _running.Count;

    /// <summary>
    /// The value under <paramref name="key"/> in a generation: from memory, from a computation already running,
    /// or computed now (under the time limit, cancelled when nobody waits any more). <paramref name="compute"/> returns
    /// the value and its estimated size in bytes.
    /// </summary>
    public async Task<T> GetOrComputeAsync<T>((long Id, CancellationToken Retired) generation, string key,
        Func<CancellationToken, Task<(T Value, long Size)>> compute, CancellationToken cancellationToken)
        where T : class
    {
        var (version, movedOn) = generation;
        var versionedKey = $"{version}\n{key}";
        WatchForNextVersion(movedOn);
        while (true)
        {
            if (_entries.TryGetValue(versionedKey, out var cached) && cached is T hit)
            {
                return hit;
            }

            var work = _running.GetOrAdd(versionedKey, _ => Start(versionedKey, movedOn, compute));
            if (work.TryJoin(cancellationToken, out var result))
            {
                return (T)await result.ConfigureAwait(false);
            }

            // Abandoned by everyone who waited, and not yet gone: start afresh.
            _running.TryRemove(KeyValuePair.Create(versionedKey, work));
        }
    }

    private SharedWork<object> Start<T>(string versionedKey, CancellationToken movedOn, Func<CancellationToken, Task<(T Value, long Size)>> compute)
        where T : class
    {
        SharedWork<object>? work = null;
        work = new SharedWork<object>(async token =>
        {
            try
            {
                var (value, size) = await compute(token).ConfigureAwait(false);
                Keep(versionedKey, value, size + EntryOverhead, movedOn);
                return value;
            }
            finally
            {
                _running.TryRemove(KeyValuePair.Create(versionedKey, work!));
            }
        }, _timeLimit);
        return work;
    }

    /// <summary>
    /// Drops the entries of a generation the moment it is retired: their tokens only mark them expired, and MemoryCache
    /// would sweep them on a later access; a compaction removes every expired entry first, now. Each token is watched
    /// once (two generations are live while the next one is prepared).
    /// </summary>
    private void WatchForNextVersion(CancellationToken movedOn)
    {
        lock (_watchLock)
        {
            if (movedOn.IsCancellationRequested || !_watched.Add(movedOn))
            {
                return;
            }
        }

        movedOn.Register(() =>
        {
            _entries.Compact(0);
            lock (_watchLock)
            {
                _watched.Remove(movedOn);
            }
        });
    }

    /// <summary>The generations (their ids) entries are held for now.</summary>
    public IReadOnlySet<long> Generations =>
        _entries.Keys.OfType<string>().Select(key => long.Parse(key.AsSpan(0, key.IndexOf('\n', StringComparison.Ordinal)), CultureInfo.InvariantCulture)).ToHashSet();

    /// <summary>Whether a value is held under <paramref name="key"/> in a generation.</summary>
    public bool Contains((long Id, CancellationToken Retired) generation, string key) => _entries.TryGetValue($"{generation.Id}\n{key}", out _);

    /// <summary>Puts in a value computed ahead for a generation not served yet (kept only while that generation lives).</summary>
    public void Prefill((long Id, CancellationToken Retired) generation, string key, object value, long size)
    {
        WatchForNextVersion(generation.Retired);
        Keep($"{generation.Id}\n{key}", value, size + EntryOverhead, generation.Retired);
    }

    /// <summary>Keeps a value, first dropping the least recently used entries until it fits; one over the whole budget is not kept.</summary>
    private void Keep(string versionedKey, object value, long size, CancellationToken movedOn)
    {
        if (size > Budget || movedOn.IsCancellationRequested)
        {
            return;
        }

        // MemoryCache refuses an entry that does not fit and compacts later, in the background; make room now instead,
        // one least recently used entry at a time (Compact removes the given share of entries, oldest access first).
        while (Size + size > Budget && _entries.Count is > 0 and var count)
        {
            _entries.Compact(Math.Min(1.0, 1.5 / count));
        }

        _entries.Set(versionedKey, value, new MemoryCacheEntryOptions { Size = size }.AddExpirationToken(new CancellationChangeToken(movedOn)));
    }

    public void Dispose() => _entries.Dispose();
}
