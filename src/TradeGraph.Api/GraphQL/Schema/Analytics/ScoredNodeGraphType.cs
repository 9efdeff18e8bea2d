using GraphQL.Types;
using TradeGraph.Core.Analytics;

namespace TradeGraph.Api.GraphQL.Schema.Analytics;

/// <summary><c>ScoredNode</c>: an entity of a ranking (<c>centrality</c>), its score and its rank.</summary>
internal sealed class ScoredNodeGraphType : ObjectGraphType<NodeScore>
{
    public ScoredNodeGraphType(ModelGraphTypes types, EntityNodes nodes)
    {
        Name = "ScoredNode";
        Description = "An entity, its score and its rank (equal scores share a rank).";
        Field("node", new NonNullGraphType(types.Node)).Resolve(c => nodes.One(c, c.Source.Key));
        Field<NonNullGraphType<FloatGraphType>>("score").Resolve(c => c.Source.Score);
        Field<NonNullGraphType<IntGraphType>>("rank").Resolve(c => c.Source.Rank);
    }
}
