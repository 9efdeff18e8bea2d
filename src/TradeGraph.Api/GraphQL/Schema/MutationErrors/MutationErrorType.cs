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
        DeclareFields(this);
    }

    /// <summary>message, code and path: the <c>Error</c> interface's fields, resolved the same way on every error type.</summary>
    public static void DeclareFields(ObjectGraphType<MutationErrorResult> type)
    {
        type.Field<NonNullGraphType<StringGraphType>>("message").Resolve(c => c.Source.Message);
        type.Field<NonNullGraphType<StringGraphType>>("code").Description("Stable code, such as NOT_FOUND.").Resolve(c => c.Source.Code);
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("path")
            .Description("The input field at fault, from the argument down (input, changes, 2, connectHeldIn, to).")
            .Resolve(c => c.Source.Path);
    }

    /// <summary>The <c>WriteErrorCodes</c> code this type stands for.</summary>
    public string Code { get; }
}
