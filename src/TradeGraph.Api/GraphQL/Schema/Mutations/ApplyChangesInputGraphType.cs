using GraphQL.Types;

namespace TradeGraph.Api.GraphQL.Schema.Mutations;

/// <summary><c>ApplyChangesInput</c>: the batch, each change a one-of <c>ChangeInput</c> generated from the model.</summary>
internal sealed class ApplyChangesInputGraphType : InputObjectGraphType
{
    public ApplyChangesInputGraphType(IInputObjectGraphType changeInput)
    {
        Name = "ApplyChangesInput";
        Description = "Changes applied together: all of them, or none.";
        Field("changes", TypeShapes.NonNullList(changeInput));
    }
}
