namespace TradeGraph.Api.GraphQL.Schema.Connections;

/// <summary>The Relay page flags and the cursors at both ends of a page.</summary>
internal sealed record PageInfoResult(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor)
{
    /// <summary>The page info of a connection: its flags, and the cursors of its first and last edge (encoded only here).</summary>
    public static PageInfoResult Of<TEdge>(Connection<TEdge> connection, Func<TEdge, string> cursor) =>
        new(connection.HasNextPage, connection.HasPreviousPage,
            connection.Edges.Count > 0 ? cursor(connection.Edges[0]) : null,
            connection.Edges.Count > 0 ? cursor(connection.Edges[^1]) : null);
}
