using GraphQL.Types;

namespace TradeGraph.Api.GraphQL.Schema.MutationErrors;

/// <summary>A refusal as a mutation payload returns it: the write's code, message and the input path at fault.</summary>
internal sealed record MutationErrorResult(string Code, string Message, IReadOnlyList<string> Path);

/// <summary>
/// One object type per refusal code (graphql-dotnet style: a class per error), each implementing the <c>Error</c>
/// interface. A mutation's <c>errors</c> union lists the ones it declares (<see cref="MutationErrorUnions"/>).
/// </summary>
internal abstract class MutationErrorType : ObjectGraphType<MutationErrorResult>
{
    protected MutationErrorType(string code, string description)
    {
        Code = code;
        Name = GetType().Name;
        Description = description;
        IsTypeOf = value => value is MutationErrorResult e && e.Code == code;
        foreach (var field in MutationErrorUnions.ErrorFields())
        {
            AddField(field);
        }
    }

    /// <summary>The <c>WriteErrorCodes</c> code this type stands for.</summary>
    public string Code { get; }
}
