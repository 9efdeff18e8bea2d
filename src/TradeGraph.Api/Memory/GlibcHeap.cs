using System.Runtime.InteropServices;

namespace TradeGraph.Api.Memory;

/// <summary>
/// glibc's malloc, as the server tunes it: <c>malloc_trim(0)</c> hands the free pages of every arena back to the OS (glibc
/// keeps freed native memory for reuse, ~10–20 MB after a burst on many threads) and <c>mallopt(M_ARENA_MAX)</c> bounds
/// the arenas. Only on Linux with glibc; elsewhere it does nothing.
/// </summary>
internal static class GlibcHeap
{
    private static volatile bool s_unavailable = !OperatingSystem.IsLinux();

    /// <summary>Whether malloc_trim can be called here (false off Linux, or once a call found no such function).</summary>
    public static bool IsAvailable => !s_unavailable;

    /// <summary>Whether anything was handed back (false also where malloc_trim does not exist, e.g. musl).</summary>
    public static bool TryTrim() => TryCall(() => MallocTrim(0) != 0);

    /// <summary>
    /// glibc's <c>mallopt(M_ARENA_MAX, arenas)</c>: at most that many malloc arenas from now on. glibc makes up to eight
    /// per core as threads contend, and each keeps freed memory for reuse (issue 13: 31–80 MiB after the bench's
    /// 32-connection runs at 1M, most of what the server kept outside the managed heap). Called at start, before the
    /// request threads allocate. Whether the limit was set (false off glibc).
    /// </summary>
    public static bool TryLimitArenas(int arenas) => TryCall(() => MallOpt(ArenaMaxParameter, arenas) == 1);

    /// <summary>Calls into glibc where it is there; a missing function (musl) switches every call off for the process.</summary>
    private static bool TryCall(Func<bool> call)
    {
        if (s_unavailable)
        {
            return false;
        }

        try
        {
            return call();
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
