using GraphQL.Types;
using TradeGraph.Core.Analytics;

namespace TradeGraph.Api.GraphQL.Schema.Analytics;

/// <summary><c>SubgraphNode</c>: an entity of a neighbourhood and its distance from the centre.</summary>
internal sealed class SubgraphNodeGraphType : ObjectGraphType<SubgraphNode>
{
    public SubgraphNodeGraphType(ModelGraphTypes types, EntityNodes nodes)
    {
        Name = "SubgraphNode";
        Field("node", new NonNullGraphType(types.Node)).Resolve(c => nodes.One(c, c.Source.Key));
        Field<NonNullGraphType<IntGraphType>>("distance").Description("Hops from the centre.").Resolve(c => c.Source.Distance);
    }
}
