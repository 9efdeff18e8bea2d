using GraphQL.Types;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.GraphQL.Schema.Filtering;

/// <summary><c>SourceReferenceFilterInput</c>: conditions on one citation of a fact.</summary>
internal sealed class SourceReferenceFilterInputGraphType : InputObjectGraphType
{
    public SourceReferenceFilterInputGraphType(IInputObjectGraphType booleanOperations)
    {
        Name = "SourceReferenceFilterInput";
        Description = "Conditions on a citation.";
        Field(CitationsFilter.InferredField, booleanOperations).Description("Whether the fact is inferred from the cited place (false: the place states it).");
    }
}
