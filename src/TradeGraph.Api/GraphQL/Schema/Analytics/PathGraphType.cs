using GraphQL.Types;
using TradeGraph.Core.Analytics;

namespace TradeGraph.Api.GraphQL.Schema.Analytics;

/// <summary><c>Path</c>: a walk through the graph (<c>shortestPath</c>, <c>kShortestPaths</c>).</summary>
internal sealed class PathGraphType : ObjectGraphType<GraphPath>
{
    public PathGraphType(ModelGraphTypes types, PathRelationshipGraphType relationship, EntityNodes nodes)
    {
        Name = "Path";
        Description = "A walk through the graph; empty lists when there is no path.";
        // A loader result handed over at once (completed task): it joins the level's batch, and the cost model still
        // weighs the field as the awaiting resolver that reaches the store.
        Field("nodes", TypeShapes.NonNullList(types.Node)).ResolveAwaiting((path, c) => Task.FromResult<object?>(nodes.Many(c, path.Nodes)));
        Field("relationships", TypeShapes.NonNullList(relationship)).Resolve(c => c.Source.Relationships);
        Field<NonNullGraphType<IntGraphType>>("length").Description("Hops.").Resolve(c => c.Source.Length);
        Field<NonNullGraphType<FloatGraphType>>("cost").Description("Sum of the step costs (the hops, unweighted).").Resolve(c => c.Source.Cost);
    }
}
