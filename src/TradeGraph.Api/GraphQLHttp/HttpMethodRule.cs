using GraphQL.Validation;
using GraphQLParser.AST;
using TradeGraph.Api.GraphQL;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>
/// What an HTTP request may run: GET only queries (and, as an event stream, subscriptions), POST queries and mutations,
/// and subscriptions only when the client accepts text/event-stream, since a subscription needs a stream to answer on.
/// A validation rule, so it also runs for documents served from the document cache: a cached mutation is still refused over GET.
/// </summary>
internal sealed class HttpMethodRule(bool isGet, bool eventStream) : DirectValidationRule
{
    public static readonly HttpMethodRule Get = new(isGet: true, eventStream: false);
    public static readonly HttpMethodRule Post = new(isGet: false, eventStream: false);
    public static readonly HttpMethodRule GetEventStream = new(isGet: true, eventStream: true);
    public static readonly HttpMethodRule PostEventStream = new(isGet: false, eventStream: true);

    public override void CheckOperation(ValidationContext context)
    {
        var operation = context.Operation;
        if (operation.Operation == OperationType.Subscription && !eventStream)
        {
            context.ReportError(new EventStreamRequiredError(context.Document.Source, operation,
                "A subscription needs a stream: send it with `Accept: text/event-stream` (server-sent events) "
                + "or over a WebSocket (graphql-transport-ws) at this path."));
        }
        else if (isGet && operation.Operation == OperationType.Mutation)
        {
            context.ReportError(new HttpMethodNotAllowedError(context.Document.Source, operation,
                "Only queries can be sent with GET; send this mutation with POST."));
        }
    }
}

/// <summary>The validation error for a mutation over GET; the transport answers it with 405 and an Allow header.</summary>
internal sealed class HttpMethodNotAllowedError(GraphQLParser.ROM source, ASTNode node, string message)
    : ValidationError(source, "HTTP_METHOD_NOT_ALLOWED", message, node);

/// <summary>The validation error for a subscription asked for as a single JSON response; the transport answers it with 406.</summary>
internal sealed class EventStreamRequiredError(GraphQLParser.ROM source, ASTNode node, string message)
    : ValidationError(source, "EVENT_STREAM_REQUIRED", message, node);
