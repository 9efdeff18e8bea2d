using GraphQL.Types;
using TradeGraph.Core.Analytics;

namespace TradeGraph.Api.GraphQL.Schema.Analytics;

/// <summary><c>Community</c>: one community of a partition, and its members a page at a time (<c>GraphQL:Paging</c>).</summary>
internal sealed class CommunityGraphType : ObjectGraphType<Community>
{
    public CommunityGraphType(ModelGraphTypes types, EntityNodes nodes, PagingOptions paging)
    {
        Name = "Community";
        Field<NonNullGraphType<IntGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<IntGraphType>>("size").Resolve(c => c.Source.Size);
        Field("members", TypeShapes.NonNullList(types.Node))
            .Argument<IntGraphType>("first", PageArguments.FirstDescription(paging))
            .ResolveAwaiting(async (community, c) =>
                await nodes.Many(c, community.Members.Take(PageArguments.ReadFirst(c, paging, least: 0)).ToList()).GetResultAsync(c.CancellationToken))
            .FieldType.WithListSize(PageArguments.FirstListSize(paging));
    }
}
