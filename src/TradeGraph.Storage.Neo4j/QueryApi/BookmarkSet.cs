namespace TradeGraph.Storage.Neo4j.QueryApi;

/// <summary>
/// The bookmarks of the latest committed writes, sent with every later request so a read on any cluster member waits
/// until it has caught up with them (read your own writes). Thread-safe. A commit's bookmark replaces the bookmarks that
/// were sent with that work (it is causally after them) and joins those of writes that ran concurrently, so a slow
/// write finishing last cannot drop a faster write's bookmark — the same rule Neo4j's drivers' bookmark managers follow.
/// Bookmarks are opaque strings: never parsed.
/// </summary>
internal sealed class BookmarkSet
{
    private readonly Lock _lock = new();
    private HashSet<string> _bookmarks = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Current
    {
        get
        {
            lock (_lock)
            {
                return [.. _bookmarks];
            }
        }
    }

    /// <summary>Records the bookmarks <paramref name="received"/> for work that was sent with <paramref name="sent"/>.</summary>
    public void Update(IReadOnlyList<string> sent, IReadOnlyList<string>? received)
    {
        if (received is not { Count: > 0 })
        {
            return;
        }

        lock (_lock)
        {
            var next = new HashSet<string>(_bookmarks, StringComparer.Ordinal);
            next.ExceptWith(sent);
            next.UnionWith(received);
            _bookmarks = next;
        }
    }

    /// <summary>
    /// Drops <paramref name="refused"/>: the server could not reach them (a restored or recreated database never will),
    /// and every later request would wait for them and fail until a restart. Bookmarks added since stay.
    /// </summary>
    public void Forget(IReadOnlyList<string> refused)
    {
        lock (_lock)
        {
            var next = new HashSet<string>(_bookmarks, StringComparer.Ordinal);
            next.ExceptWith(refused);
            _bookmarks = next;
        }
    }
}
