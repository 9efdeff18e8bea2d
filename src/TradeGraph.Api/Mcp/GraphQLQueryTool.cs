using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TradeGraph.Api.Mcp;

/// <summary>Any read the schema offers, for what the other tools do not cover; writes and subscriptions are refused.</summary>
[McpServerToolType]
internal sealed class GraphQLQueryTool(McpGraphQL graphQL)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [McpServerTool(Name = "graphql_query", Title = "GraphQL query (read-only)", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Runs a read-only GraphQL query against the TradeGraph schema (the same as POST /graphql; the schema is at "
        + "/graphql/schema.graphql and by introspection). Filters (`where`), sorting (`order`), aggregates and analytics "
        + "(centrality, communities) are available. Select `sources { locator inferred note source { key title publishedOn } }` "
        + "on entities and relationships to get the citations to quote. Mutations and subscriptions are refused "
        + "(OPERATION_NOT_ALLOWED); the same cost, depth and size limits as /graphql apply (errors carry their codes).")]
    public async Task<CallToolResult> Query(
        [Description("The GraphQL document: a query, such as { meetings(first: 5) { nodes { name startsOn } } }.")] string query,
        [Description("Values for the query's variables, as a JSON object.")] JsonElement? variables = null,
        [Description("Which operation of the document to run, when it has several.")] string? operationName = null,
        CancellationToken cancellationToken = default)
    {
        JsonObject? values = null;
        if (variables is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } given)
        {
            if (given.ValueKind != JsonValueKind.Object)
            {
                return ToolAnswer.Error("INVALID_REQUEST", "`variables` must be a JSON object.");
            }

            values = JsonNode.Parse(given.GetRawText())!.AsObject();
        }

        var answer = await graphQL.RunAsync(query, values, operationName, cancellationToken);
        if (answer.Errors.Count > 0)
        {
            return ToolAnswer.Error(answer.Errors, answer.Data);
        }

        var data = answer.Data ?? [];
        return ToolAnswer.Success(new JsonObject { ["data"] = data.DeepClone() }, data.ToJsonString(Indented));
    }
}
