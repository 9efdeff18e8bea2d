using GraphQL.Types;
using TradeGraph.Core.Analytics;

namespace TradeGraph.Api.GraphQL.Schema.Analytics;

/// <summary><c>SimilarEntity</c>: an entity found by <c>similarEntities</c> and how alike it is.</summary>
internal sealed class SimilarEntityGraphType : ObjectGraphType<SimilarEntity>
{
    public SimilarEntityGraphType(ModelGraphTypes types, EntityNodes nodes)
    {
        Name = "SimilarEntity";
        Description = "An entity and how alike it is (Jaccard over shared neighbours, or the cosine of their embeddings).";
        Field("node", new NonNullGraphType(types.Node)).Resolve(c => nodes.One(c, c.Source.Key));
        Field<NonNullGraphType<FloatGraphType>>("score").Resolve(c => c.Source.Score);
        Field<NonNullGraphType<IntGraphType>>("shared").Description("How many neighbours they share (0 by EMBEDDING).").Resolve(c => c.Source.Shared);
    }
}
