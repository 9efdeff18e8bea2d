using GraphQL.Types;

namespace TradeGraph.Api.GraphQL.Schema.Filtering;

/// <summary>
/// <c>StringOperationFilterInput</c>: and / or of string conditions, the text operators of <see cref="FilterConvention"/>,
/// and <c>ignoreCase</c> over all of them.
/// </summary>
internal sealed class StringOperationFilterInputGraphType : InputObjectGraphType
{
    public StringOperationFilterInputGraphType()
    {
        Name = "StringOperationFilterInput";
        Description = "Conditions on a string.";
        Field(FilterConvention.And, new ListGraphType(new NonNullGraphType(this))).Description("Every condition holds.");
        Field(FilterConvention.Or, new ListGraphType(new NonNullGraphType(this))).Description("At least one condition holds.");
        OperationFilterInputGraphType.AddOperators<StringGraphType>(this, FilterConvention.Text);
        Field<BooleanGraphType>(FilterConvention.IgnoreCase)
            .Description("Compare ignoring case and accents (\"xí\" matches \"XI\"). Applies to every operation of this input.");
    }
}
