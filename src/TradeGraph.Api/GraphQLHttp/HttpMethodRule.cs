using GraphQL.Validation;
using GraphQLParser.AST;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>
/// GET may only run queries and POST may not start subscriptions. A validation rule, so it also runs for documents
/// served from the document cache: a cached mutation is still refused over GET.
/// </summary>
internal sealed class HttpMethodRule(bool isGet) : ValidationRuleBase
{
    public static readonly HttpMethodRule Get = new(isGet: true);
    public static readonly HttpMethodRule Post = new(isGet: false);

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var operation = context.Operation;
        if (isGet && operation.Operation != OperationType.Query)
        {
            context.ReportError(new HttpMethodNotAllowedError(context.Document.Source, operation,
                $"Only queries can be sent with GET; send this {operation.Operation.ToString().ToLowerInvariant()} with POST."));
        }
        else if (!isGet && operation.Operation == OperationType.Subscription)
        {
            context.ReportError(new HttpMethodNotAllowedError(context.Document.Source, operation,
                "Subscriptions are served over WebSocket (graphql-transport-ws), not over a POST request."));
        }

        return default;
    }
}

/// <summary>The validation error for <see cref="HttpMethodRule"/>; the transport answers it with 405 and an Allow header.</summary>
internal sealed class HttpMethodNotAllowedError(GraphQLParser.ROM source, ASTNode node, string message)
    : ValidationError(source, "HTTP_METHOD_NOT_ALLOWED", message, node);
