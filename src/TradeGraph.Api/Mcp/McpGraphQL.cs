using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Transport;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Api.GraphQLHttp;
using TradeGraph.Api.Security;

namespace TradeGraph.Api.Mcp;

/// <summary>What a GraphQL document answered, as JSON: <c>data</c> (null when nothing ran) and the errors with their codes.</summary>
internal sealed record GraphQLAnswer(JsonObject? Data, IReadOnlyList<ToolError> Errors);

/// <summary>One error of an answer: our stable code (<c>extensions.code</c>), the message and, for a field error, its path.</summary>
internal sealed record ToolError(string Code, string Message, string? Path = null);

/// <summary>
/// Runs a tool's GraphQL document through the same <see cref="GraphQLRequestRunner"/> as /graphql, as the caller whose API
/// key the MCP HTTP request carries: the same access rule (reads may need a key), the same shape, input and cost limits, the
/// same time limit — plus <see cref="QueriesOnlyRule"/>. Each document gets its own DI scope (fresh request loaders), as an
/// operation on a WebSocket does.
/// </summary>
internal sealed class McpGraphQL(
    GraphQLRequestRunner runner,
    IHttpContextAccessor httpContextAccessor,
    IServiceScopeFactory scopes,
    IGraphQLTextSerializer serializer,
    IHostApplicationLifetime lifetime)
{
    public async Task<GraphQLAnswer> RunAsync(string query, JsonObject? variables, string? operationName, CancellationToken cancellationToken)
    {
        GraphQLRequest request;
        try
        {
            request = new GraphQLRequest
            {
                Query = query,
                OperationName = operationName,
                Variables = variables is null ? null : serializer.Deserialize<Inputs>(variables.ToJsonString()),
            };
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException or NotSupportedException)
        {
            return Refused("INVALID_REQUEST", "`variables` must be a JSON object: " + e.Message);
        }

        if (runner.Refusal(request) is { } refusal)
        {
            return Refused("INVALID_REQUEST", refusal);
        }

        var http = httpContextAccessor.HttpContext;
        var caller = http is null ? Caller.Anonymous : await Caller.FromAsync(http);
        var userContext = new Dictionary<string, object?> { [Caller.ContextKey] = caller };
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        await using var scope = scopes.CreateAsyncScope();
        ExecutionResult result;
        try
        {
            result = await runner.ExecuteAsync(request, GraphQLTransport.Mcp, scope.ServiceProvider, http?.User, userContext, ending.Token);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Refused(ErrorCodes.ServerStopping, "The server is stopping; try again shortly.");
        }

        // The serializer writes exactly what /graphql answers (codes in extensions, nothing internal).
        var json = JsonNode.Parse(serializer.Serialize(result))!.AsObject();
        var errors = (json["errors"] as JsonArray ?? []).Select(ErrorOf).ToList();
        return new GraphQLAnswer(json["data"] as JsonObject, errors);
    }

    private static GraphQLAnswer Refused(string code, string message) => new(null, [new ToolError(code, message)]);

    private static ToolError ErrorOf(JsonNode? error) => new(
        error?["extensions"]?["code"]?.GetValue<string>() ?? ErrorCodes.InternalServerError,
        error?["message"]?.GetValue<string>() ?? "",
        error?["path"] is JsonArray path ? string.Join('.', path.Select(p => p?.ToString())) : null);
}
