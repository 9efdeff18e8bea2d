using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;
using TradeGraph.Api.GraphQL.Errors;

namespace TradeGraph.Api.Security;

/// <summary>
/// Refuses an operation the caller may not run before anything executes: a bad key always; a mutation without the
/// write scope; a query or subscription without the read scope when reads require a key. A validation rule, so it also
/// runs for cached documents. The transport answers UNAUTHENTICATED with 401 and FORBIDDEN with 403.
/// </summary>
internal sealed class AccessRule(IOptionsMonitor<SecurityOptions> security) : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var caller = context.UserContext.TryGetValue(Caller.ContextKey, out var value) && value is Caller known ? known : Caller.Anonymous;
        var operation = context.Operation;
        var needed = operation.Operation == OperationType.Mutation ? Caller.Write
            : security.CurrentValue.ReadsRequireKey ? Caller.Read
            : null;

        if (caller.PresentedInvalidKey)
        {
            context.ReportError(new AccessError(context, operation, ErrorCodes.Unauthenticated, "The API key is not valid."));
        }
        else if (needed is not null && !caller.Has(needed))
        {
            var what = needed == Caller.Write ? "Writes" : "Reads";
            context.ReportError(caller.IsAuthenticated
                ? new AccessError(context, operation, ErrorCodes.Forbidden, $"The key '{caller.Name}' has no {needed} scope.")
                : new AccessError(context, operation, ErrorCodes.Unauthenticated,
                    $"{what} need an API key with the {needed} scope: send it as `Authorization: Bearer <key>` or `X-Api-Key: <key>`."));
        }

        return default;
    }
}

/// <summary>The refusal <see cref="AccessRule"/> reports, coded UNAUTHENTICATED or FORBIDDEN.</summary>
internal sealed class AccessError : ValidationError
{
    public AccessError(ValidationContext context, ASTNode node, string code, string message)
        : base(context.Document.Source, null, message, node)
    {
        // The base class would derive the code from the class name; clients switch on these two.
        Code = code;
    }
}
