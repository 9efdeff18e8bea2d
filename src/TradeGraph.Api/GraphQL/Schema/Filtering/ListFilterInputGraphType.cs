using GraphQL.Types;

namespace TradeGraph.Api.GraphQL.Schema.Filtering;

/// <summary>
/// <c>List…OperationFilterInput</c>: some / none / all of a list's elements match the element's conditions; <c>any</c>:
/// the list has elements (aliases, a fact's citations).
/// </summary>
internal sealed class ListFilterInputGraphType : InputObjectGraphType
{
    public ListFilterInputGraphType(string name, string description, IInputObjectGraphType element, string noun, string anyDescription)
    {
        Name = name;
        Description = description;
        foreach (var quantifier in FilterConvention.Quantifiers)
        {
            Field(quantifier.Name, element).Description(quantifier.ElementDescription(noun));
        }

        Field<BooleanGraphType>(FilterConvention.Any).Description(anyDescription);
    }
}
