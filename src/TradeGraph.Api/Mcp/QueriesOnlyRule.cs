using GraphQL.Validation;
using GraphQLParser.AST;
using TradeGraph.Api.GraphQL;
using TradeGraph.Api.GraphQL.Errors;

namespace TradeGraph.Api.Mcp;

/// <summary>
/// The MCP endpoint only reads: a mutation or a subscription is refused before anything runs (OPERATION_NOT_ALLOWED).
/// A validation rule like <see cref="GraphQLHttp.HttpMethodRule"/>, so a cached document is refused too.
/// </summary>
internal sealed class QueriesOnlyRule : DirectValidationRule
{
    public static readonly QueriesOnlyRule Instance = new();

    private QueriesOnlyRule()
    {
    }

    public override void CheckOperation(ValidationContext context)
    {
        var operation = context.Operation;
        if (operation.Operation != OperationType.Query)
        {
            var kind = operation.Operation == OperationType.Mutation ? "a mutation" : "a subscription";
            context.ReportError(new OperationNotAllowedError(context, operation,
                $"The MCP endpoint only reads: {kind} is not run here. Send queries only; writes go to /graphql with a key "
                + "that has the write scope."));
        }
    }
}

/// <summary>A mutation or subscription where only queries run; coded OPERATION_NOT_ALLOWED.</summary>
internal sealed class OperationNotAllowedError : ValidationError
{
    public OperationNotAllowedError(ValidationContext context, ASTNode node, string message)
        : base(context.Document.Source, null, message, node)
    {
        Code = ErrorCodes.OperationNotAllowed;
    }
}
