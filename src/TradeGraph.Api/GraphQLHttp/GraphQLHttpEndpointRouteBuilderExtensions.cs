using GraphQL;
using TradeGraph.Api.Cors;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Api.GraphQL.Schema;
using TradeGraph.Api.Security;

namespace TradeGraph.Api.GraphQLHttp;

public static class GraphQLHttpEndpointRouteBuilderExtensions
{
    /// <summary>Maps GraphQL over HTTP at <paramref name="path"/> (and path + "/", where the IDE posts) plus the printed SDL.</summary>
    public static IEndpointRouteBuilder MapGraphQLHttp(this IEndpointRouteBuilder endpoints, string path)
    {
        // Build and check the generated schema now, so a model the schema cannot express stops the start, not a request.
        endpoints.ServiceProvider.GetRequiredService<TradeGraphSchema>().Initialize();
        var endpoint = endpoints.ServiceProvider.GetRequiredService<GraphQLHttpEndpoint>();
        endpoints.Map(path, endpoint.HandleAsync).RequireTradeGraphCors(endpoints.ServiceProvider);
        // The SDL is a read like introspection: under ReadsRequireKey it needs a key with the read scope.
        endpoints.MapGet(path + "/schema.graphql", async (HttpContext context, TradeGraphSchema schema, AccessRule access) =>
        {
            if (access.Refusal(await Caller.FromAsync(context), GraphQLParser.AST.OperationType.Query) is { } refusal)
            {
                var status = refusal.Code == ErrorCodes.Unauthenticated ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
                if (status == StatusCodes.Status401Unauthorized)
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                }

                return Results.Problem(statusCode: status, title: refusal.Code, detail: refusal.Message);
            }

            schema.Initialize();
            return Results.Text(schema.Print(), "text/plain; charset=utf-8");
        });
        return endpoints;
    }
}
