using GraphQL.Types;

namespace TradeGraph.Api.GraphQL.Schema.Filtering;

/// <summary><c>SortEnumType</c>: a sort key's direction, as Hot Chocolate names it.</summary>
internal sealed class SortEnumGraphType : EnumerationGraphType
{
    public SortEnumGraphType()
    {
        Name = "SortEnumType";
        Description = "Sort direction.";
        Add("ASC", false, "Ascending (nulls first).");
        Add("DESC", true, "Descending (nulls last).");
    }
}
