using GraphQL.Types;

namespace TradeGraph.Api.GraphQL.Schema.Connections;

/// <summary><c>PageInfo</c>: where a page lies in its connection; one type for every connection.</summary>
internal sealed class PageInfoGraphType : ObjectGraphType<PageInfoResult>
{
    public PageInfoGraphType()
    {
        Name = "PageInfo";
        Description = "Where a page lies in its connection.";
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage").Resolve(c => c.Source.HasNextPage);
        Field<NonNullGraphType<BooleanGraphType>>("hasPreviousPage").Resolve(c => c.Source.HasPreviousPage);
        Field<StringGraphType>("startCursor").Resolve(c => c.Source.StartCursor);
        Field<StringGraphType>("endCursor").Resolve(c => c.Source.EndCursor);
    }
}
