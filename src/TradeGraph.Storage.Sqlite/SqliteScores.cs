using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Sqlite;

/// <summary>
/// Lets SQL look up a <see cref="ScoreTable"/>: a query passes the table's handle as a parameter and calls
/// <c>tg_score(handle, key)</c>, a function every connection registers. Handles are held weakly, so a table lives as long
/// as the query or cache that owns it, never because SQL once used it.
/// </summary>
internal static class SqliteScores
{
    public const string Function = "tg_score";

    private static readonly ConditionalWeakTable<ScoreTable, object> Handles = [];
    private static readonly ConcurrentDictionary<long, WeakReference<ScoreTable>> Tables = new();
    private static long _next;

    /// <summary>The handle SQL refers to <paramref name="table"/> by (the same one every time).</summary>
    public static long Handle(ScoreTable table)
    {
        var handle = (long)Handles.GetValue(table, t =>
        {
            var id = Interlocked.Increment(ref _next);
            Tables[id] = new WeakReference<ScoreTable>(t);
            return id;
        });
        if (handle % 256 == 0)
        {
            Prune();
        }

        return handle;
    }

    /// <summary>The score of <paramref name="key"/>, or null (no such table, or no score for that entity).</summary>
    public static double? Score(long handle, string? key) =>
        key is not null && Tables.TryGetValue(handle, out var reference) && reference.TryGetTarget(out var table) ? table.ScoreOf(key) : null;

    private static void Prune()
    {
        foreach (var (id, reference) in Tables)
        {
            if (!reference.TryGetTarget(out _))
            {
                Tables.TryRemove(id, out _);
            }
        }
    }
}
