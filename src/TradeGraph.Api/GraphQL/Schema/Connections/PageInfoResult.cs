namespace TradeGraph.Api.GraphQL.Schema.Connections;

/// <summary>
/// The Relay page flags and the cursors at both ends of a page. A connection's cursors are encoded only when
/// <c>startCursor</c> / <c>endCursor</c> is read: most requests read only <c>hasNextPage</c>.
/// </summary>
internal sealed class PageInfoResult
{
    private readonly IPageEnds? _ends;
    private string? _startCursor;
    private string? _endCursor;

    public PageInfoResult(bool hasNextPage, bool hasPreviousPage, string? startCursor, string? endCursor)
        : this(hasNextPage, hasPreviousPage, ends: null)
    {
        _startCursor = startCursor;
        _endCursor = endCursor;
    }

    private PageInfoResult(bool hasNextPage, bool hasPreviousPage, IPageEnds? ends)
    {
        HasNextPage = hasNextPage;
        HasPreviousPage = hasPreviousPage;
        _ends = ends;
    }

    public bool HasNextPage { get; }

    public bool HasPreviousPage { get; }

    // Encoding twice under a race gives the same text: no lock needed.
    public string? StartCursor => _startCursor ??= _ends?.Cursor(first: true);

    public string? EndCursor => _endCursor ??= _ends?.Cursor(first: false);

    /// <summary>The page info of a connection: its flags, and the cursors of its first and last edge (encoded when read).</summary>
    internal static PageInfoResult Of<TEdge>(Connection<TEdge> connection, Func<TEdge, string> cursor) =>
        new(connection.HasNextPage, connection.HasPreviousPage, connection.Edges.Count > 0 ? new ConnectionEnds<TEdge>(connection, cursor) : null);

    private interface IPageEnds
    {
        string Cursor(bool first);
    }

    private sealed class ConnectionEnds<TEdge>(Connection<TEdge> connection, Func<TEdge, string> cursor) : IPageEnds
    {
        public string Cursor(bool first) => cursor(first ? connection.Edges[0] : connection.Edges[^1]);
    }
}
