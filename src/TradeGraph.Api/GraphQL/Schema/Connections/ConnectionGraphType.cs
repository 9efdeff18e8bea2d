using GraphQL.Types;

namespace TradeGraph.Api.GraphQL.Schema.Connections;

/// <summary>The edge of a connection: <c>cursor</c> and <c>node</c>, read from the edge by the two functions given.</summary>
internal sealed class EdgeGraphType<TEdge> : ObjectGraphType<TEdge>
{
    public EdgeGraphType(string name, string? description, IGraphType node, Func<TEdge, string> cursor, Func<TEdge, object?> nodeOf)
    {
        Name = ConnectionNames.Edge(name);
        Description = description;
        CursorOf = cursor;
        NodeOf = nodeOf;
        Field<NonNullGraphType<StringGraphType>>("cursor").ResolveFromSource(e => cursor(e));
        Field("node", new NonNullGraphType(node)).ResolveFromSource(nodeOf);
    }

    public Func<TEdge, string> CursorOf { get; }

    public Func<TEdge, object?> NodeOf { get; }
}

/// <summary>
/// The one connection type builder: <c>nodes</c>, <c>edges</c> and <c>pageInfo</c> over a <see cref="Connection{TEdge}"/>,
/// then what a connection adds (<see cref="AddTotalCount"/>; entities' aggregate before it). Field descriptions differ
/// between connections only as the schema has always printed them.
/// </summary>
internal sealed class ConnectionGraphType<TEdge> : ObjectGraphType<Connection<TEdge>>
{
    public ConnectionGraphType(string name, string description, EdgeGraphType<TEdge> edge, IGraphType node, PageInfoGraphType pageInfo,
        string? nodesDescription = null, string? edgesDescription = null)
    {
        Name = ConnectionNames.Connection(name);
        Description = description;
        Field("nodes", TypeShapes.NonNullList(node)).Description(nodesDescription).ResolveFromSource(connection => NodesOf(connection, edge.NodeOf));
        Field("edges", TypeShapes.NonNullList(edge)).Description(edgesDescription).ResolveFromSource(connection => connection.Edges);
        Field("pageInfo", new NonNullGraphType(pageInfo)).ResolveFromSource(connection => PageInfoResult.Of(connection, edge.CursorOf));
    }

    /// <summary>The page's nodes as an array: the executor completes an indexed list without an iterator or a growing copy.</summary>
    private static object?[] NodesOf(Connection<TEdge> connection, Func<TEdge, object?> nodeOf)
    {
        var edges = connection.Edges;
        var nodes = new object?[edges.Count];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = nodeOf(edges[i]);
        }

        return nodes;
    }

    /// <summary><c>totalCount</c>, counted only when asked (<see cref="Connection{TEdge}.TotalCount"/>).</summary>
    public void AddTotalCount(string description, bool nonNull) =>
        (nonNull ? Field<NonNullGraphType<IntGraphType>>("totalCount") : Field<IntGraphType>("totalCount"))
            .Description(description)
            .ResolveAwaiting((connection, c) => connection.TotalCount is { } count ? count(c) : Task.FromResult<object?>(null));
}
