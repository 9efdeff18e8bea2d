using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using TradeGraph.Api.Cors;
using TradeGraph.Api.GraphQLHttp;

namespace TradeGraph.Api.Mcp;

/// <summary>The MCP endpoint for agents: streamable HTTP (official C# SDK), tools that run GraphQL documents as /graphql does.</summary>
public static class McpServiceCollectionExtensions
{
    private const string Instructions =
        "TradeGraph is a knowledge graph of who met whom about what in international trade (officials, countries, commodities, "
        + "meetings, trade measures, trips, topics), every fact citing a source paragraph. Start with search_entities to find "
        + "keys, then get_entity, neighbourhood, shortest_paths or source_facts; graphql_query runs any read-only query. Quote "
        + "a fact's `cite` line as its evidence; an inferred citation says how the fact follows. When reads need an API key, "
        + "send it as `Authorization: Bearer <key>` or `X-Api-Key: <key>` on the HTTP requests.";

    /// <summary>Registers the MCP server (stateless streamable HTTP: every request carries its own API key) and its tools.</summary>
    public static IServiceCollection AddTradeGraphMcp(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<GraphFragments>();
        services.AddSingleton<McpGraphQL>();
        // A new tool: a [McpServerToolType] class with [McpServerTool] methods running a document through McpGraphQL, added here.
        services.AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "tradegraph", Version = "1.0" };
                options.ServerInstructions = Instructions;
            })
            .WithHttpTransport(options => options.Stateless = true)
            .WithTools<EntityTools>()
            .WithTools<AnalyticsTools>()
            .WithTools<SourceTools>()
            .WithTools<GraphQLQueryTool>();
        return services;
    }

    /// <summary>
    /// Maps the streamable HTTP endpoint at <paramref name="path"/> (POST; stateless, so no GET stream or sessions), its
    /// bodies capped as /graphql's are (<c>GraphQL:Http:MaxRequestBodyBytes</c>; over it: 413).
    /// </summary>
    public static IEndpointRouteBuilder MapTradeGraphMcp(this IEndpointRouteBuilder endpoints, string path)
    {
        var maxBody = endpoints.ServiceProvider.GetRequiredService<IOptions<GraphQLHttpOptions>>().Value.MaxRequestBodyBytes;
        endpoints.MapMcp(path).WithMetadata(new RequestSizeLimitAttribute(maxBody)).RequireTradeGraphCors(endpoints.ServiceProvider);
        return endpoints;
    }
}
