using GraphQL;
using GraphQL.Types;
using TradeGraph.Core.Analytics;

namespace TradeGraph.Api.GraphQL.Schema.Analytics;

/// <summary><c>Communities</c>: a projection's partition — its modularity and its communities, largest first.</summary>
internal sealed class CommunitiesGraphType : ObjectGraphType<CommunitySet>
{
    public CommunitiesGraphType(CommunityGraphType community, PagingOptions paging)
    {
        Name = "Communities";
        Field<NonNullGraphType<FloatGraphType>>("modularity").Description("Newman's modularity of the partition.").Resolve(c => c.Source.Modularity);
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(c => c.Source.Communities.Count);
        Field("communities", TypeShapes.NonNullList(community))
            .Description("Largest first.")
            .Argument<IntGraphType>("first", PageArguments.FirstDescription(paging))
            .Resolve(c => c.Source.Communities.Take(PageArguments.ReadFirst(c, paging, least: 0)).ToList())
            .FieldType.WithListSize(PageArguments.FirstListSize(paging));
        Field("communityOf", community)
            .Description("The community an entity belongs to; null when it is not in the projection.")
            .Argument<NonNullGraphType<StringGraphType>>("key")
            .Resolve(c => c.Source.CommunityOf(c.GetArgument<string>("key")));
    }
}
