using GraphQL.Types;

namespace TradeGraph.Api.GraphQL.Schema.Connections;

/// <summary><c>PageInfo</c>: where a page lies in its connection; one type for every connection.</summary>
internal sealed class PageInfoGraphType : ObjectGraphType<PageInfoResult>
{
    public PageInfoGraphType()
    {
        Name = "PageInfo";
        Description = "Where a page lies in its connection.";
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage").ResolveFromSource(page => page.HasNextPage);
        Field<NonNullGraphType<BooleanGraphType>>("hasPreviousPage").ResolveFromSource(page => page.HasPreviousPage);
        Field<StringGraphType>("startCursor").ResolveFromSource(page => page.StartCursor);
        Field<StringGraphType>("endCursor").ResolveFromSource(page => page.EndCursor);
    }
}
