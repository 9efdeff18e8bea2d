using TradeGraph.Api.Cors;
using TradeGraph.Api.GraphQL.Schema;

namespace TradeGraph.Api.GraphQLHttp;

public static class GraphQLHttpEndpointRouteBuilderExtensions
{
    /// <summary>Maps GraphQL over HTTP at <paramref name="path"/> (and path + "/", where the IDE posts) plus the printed SDL (<see cref="SchemaDocument"/>).</summary>
    public static IEndpointRouteBuilder MapGraphQLHttp(this IEndpointRouteBuilder endpoints, string path)
    {
        // Build and check the generated schema now, so a model the schema cannot express stops the start, not a request.
        endpoints.ServiceProvider.GetRequiredService<TradeGraphSchema>().Initialize();
        var endpoint = endpoints.ServiceProvider.GetRequiredService<GraphQLHttpEndpoint>();
        endpoints.Map(path, endpoint.HandleAsync).RequireTradeGraphCors(endpoints.ServiceProvider);
        endpoints.MapGet(path + "/schema.graphql", SchemaDocument.WriteAsync);
        return endpoints;
    }
}
