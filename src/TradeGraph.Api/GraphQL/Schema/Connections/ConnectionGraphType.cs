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
        Field<NonNullGraphType<StringGraphType>>("cursor").Resolve(c => cursor(c.Source));
        Field("node", new NonNullGraphType(node)).Resolve(c => nodeOf(c.Source));
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
        Field("nodes", TypeShapes.NonNullList(node)).Description(nodesDescription).Resolve(c => c.Source.Edges.Select(edge.NodeOf));
        Field("edges", TypeShapes.NonNullList(edge)).Description(edgesDescription).Resolve(c => c.Source.Edges);
        Field("pageInfo", new NonNullGraphType(pageInfo)).Resolve(c => PageInfoResult.Of(c.Source, edge.CursorOf));
    }

    /// <summary><c>totalCount</c>, counted only when asked (<see cref="Connection{TEdge}.TotalCount"/>).</summary>
    public void AddTotalCount(string description, bool nonNull) =>
        (nonNull ? Field<NonNullGraphType<IntGraphType>>("totalCount") : Field<IntGraphType>("totalCount"))
            .Description(description)
            .ResolveAwaiting((connection, c) => connection.TotalCount is { } count ? count(c) : Task.FromResult<object?>(null));
}
