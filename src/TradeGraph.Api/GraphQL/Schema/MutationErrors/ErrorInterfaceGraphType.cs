using GraphQL.Types;

namespace TradeGraph.Api.GraphQL.Schema.MutationErrors;

/// <summary>
/// The <c>Error</c> interface: message, code and path. It declares the fields every error type resolves
/// (<see cref="MutationErrorType.DeclareFields"/>), copied without their resolvers.
/// </summary>
internal sealed class ErrorInterfaceGraphType : InterfaceGraphType<MutationErrorResult>
{
    public ErrorInterfaceGraphType()
    {
        Name = "Error";
        Description = "Why a write was refused.";
        var resolved = new ObjectGraphType<MutationErrorResult>();
        MutationErrorType.DeclareFields(resolved);
        foreach (var field in resolved.Fields)
        {
            AddField(new FieldType { Name = field.Name, Description = field.Description, Type = field.Type });
        }
    }
}
