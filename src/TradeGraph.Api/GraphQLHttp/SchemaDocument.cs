using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Api.GraphQL.Schema;
using TradeGraph.Api.Security;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>
/// The printed SDL (with the directives it applies, and their definitions), at <c>GET /graphql/schema.graphql</c> and, as
/// Hot Chocolate serves it, <c>GET /graphql?sdl</c>: <c>application/graphql; charset=utf-8</c>, as the attachment
/// <c>schema.graphql</c>. A read like introspection: under Security:ReadsRequireKey it needs a key with the read scope.
/// </summary>
internal static class SchemaDocument
{
    public const string MediaType = "application/graphql; charset=utf-8";

    /// <summary>Hot Chocolate's query-string switch on the GraphQL path (any case, any value).</summary>
    public static bool IsRequested(HttpRequest request) => HttpMethods.IsGet(request.Method) && request.Query.ContainsKey("sdl");

    public static async Task WriteAsync(HttpContext context)
    {
        var access = context.RequestServices.GetRequiredService<AccessRule>();
        if (access.Refusal(await Caller.FromAsync(context), GraphQLParser.AST.OperationType.Query) is { } refusal)
        {
            var status = refusal.Code == ErrorCodes.Unauthenticated ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
            if (status == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }

            await Results.Problem(statusCode: status, title: refusal.Code, detail: refusal.Message).ExecuteAsync(context);
            return;
        }

        var schema = context.RequestServices.GetRequiredService<TradeGraphSchema>();
        schema.Initialize();
        context.Response.ContentType = MediaType;
        context.Response.Headers.ContentDisposition = "attachment; filename=\"schema.graphql\"";
        await context.Response.WriteAsync(global::GraphQL.SchemaExtensions.Print(schema), context.RequestAborted);
    }
}
