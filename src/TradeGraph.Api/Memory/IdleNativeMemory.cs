using System.Runtime.InteropServices;
using TradeGraph.Core.Storage;

namespace TradeGraph.Api.Memory;

/// <summary>
/// Memory outside the managed heap that a burst of requests grows and an idle server keeps (issue 13: ≈ 30 MB after the
/// bench's 32-connection runs at 1M): the store's caches (SQLite's page cache per kept read connection) and what glibc's
/// malloc keeps of freed native memory in its per-thread arenas. Asked by <see cref="IdleHeapCompaction"/> once the
/// server has been idle after requests; never while one is in flight. The store is asked for when needed (after requests
/// it exists; asking at construction would create it before the host validated its settings).
/// </summary>
internal sealed partial class IdleNativeMemory(Func<IReleasesIdleMemory?> store, ILogger<IdleNativeMemory> logger)
{
    private int _releases;

    /// <summary>How many times this has released memory.</summary>
    public int Releases => Volatile.Read(ref _releases);

    public void Release()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var caches = 0;
        try
        {
            caches = store()?.ReleaseIdleMemory() ?? 0;
        }
        catch (Exception exception) when (exception is InvalidOperationException or ObjectDisposedException)
        {
            // A store closing under us keeps nothing worth releasing; the next idle period tries again.
            LogStoreRelease(exception);
        }

        var trimmed = GlibcHeap.TryTrim();
        Interlocked.Increment(ref _releases);
        LogReleased(caches, trimmed, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Idle: emptied {Caches} store caches; malloc arenas trimmed: {Trimmed}; in {Milliseconds:F1} ms")]
    private partial void LogReleased(int caches, bool trimmed, double milliseconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Idle: the store's caches were not released")]
    private partial void LogStoreRelease(Exception exception);
}

/// <summary>
/// glibc's <c>malloc_trim(0)</c>: hands the free pages of every malloc arena back to the OS (glibc keeps freed native
/// memory for reuse, ~10–20 MB after a burst on many threads). Only on Linux with glibc; elsewhere it does nothing.
/// </summary>
internal static class GlibcHeap
{
    private static volatile bool s_unavailable = !OperatingSystem.IsLinux();

    /// <summary>Whether malloc_trim can be called here (false off Linux, or once a call found no such function).</summary>
    public static bool IsAvailable => !s_unavailable;

    /// <summary>Whether anything was handed back (false also where malloc_trim does not exist, e.g. musl).</summary>
    public static bool TryTrim()
    {
        if (s_unavailable)
        {
            return false;
        }

        try
        {
            return MallocTrim(0) != 0;
        }
        catch (Exception exception) when (exception is EntryPointNotFoundException or DllNotFoundException)
        {
            s_unavailable = true;
            return false;
        }
    }

    /// <summary>
    /// glibc's <c>mallopt(M_ARENA_MAX, arenas)</c>: at most that many malloc arenas from now on. glibc makes up to eight
    /// per core as threads contend, and each keeps freed memory for reuse (issue 13: 31–80 MiB after the bench's
    /// 32-connection runs at 1M, most of what the server kept outside the managed heap). Called at start, before the
    /// request threads allocate. Whether the limit was set (false off glibc).
    /// </summary>
    public static bool TryLimitArenas(int arenas)
    {
        if (s_unavailable)
        {
            return false;
        }

        try
        {
            return MallOpt(ArenaMaxParameter, arenas) == 1;
        }
        catch (Exception exception) when (exception is EntryPointNotFoundException or DllNotFoundException)
        {
            s_unavailable = true;
            return false;
        }
    }

    // malloc.h: #define M_ARENA_MAX -8
    private const int ArenaMaxParameter = -8;

    [DllImport("libc", EntryPoint = "mallopt")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallOpt(int parameter, int value);

    // "libc" is mapped to the C library's soname by the runtime on Linux. DllImport, not LibraryImport: the signature
    // is blittable, and LibraryImport would need unsafe code allowed in the whole project.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
