using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace TradeGraph.Api.Mcp;

/// <summary>
/// Turns a GraphQL answer into an MCP tool result: the shaped JSON as structured content plus a readable text rendering,
/// or an MCP tool error (<c>isError</c>) that carries our error codes and messages, in the text and in the structure.
/// </summary>
internal static class ToolAnswer
{
    /// <summary>The answer shaped by <paramref name="shape"/> (structured content and text); its errors as a tool error.</summary>
    public static CallToolResult From(GraphQLAnswer answer, Func<JsonObject, (JsonObject Structured, string Text)> shape)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(shape);
        if (answer.Errors.Count > 0 || answer.Data is null)
        {
            return Error(answer.Errors);
        }

        var (structured, text) = shape(answer.Data);
        return Success(structured, text);
    }

    public static CallToolResult Success(JsonObject structured, string text) => new()
    {
        Content = [new TextContentBlock { Text = text }],
        StructuredContent = JsonSerializer.SerializeToElement(structured),
    };

    /// <summary>
    /// A tool error: one <c>CODE: message</c> line per error, and <c>{ errors: [{ code, message, path }] }</c> (with the partial
    /// <paramref name="data"/> a query answered beside its errors, when there is some).
    /// </summary>
    public static CallToolResult Error(IReadOnlyList<ToolError> errors, JsonObject? data = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var text = new StringBuilder();
        var list = new JsonArray();
        foreach (var error in errors)
        {
            text.Append(error.Code).Append(": ").Append(error.Message);
            if (error.Path is not null)
            {
                text.Append(" (at ").Append(error.Path).Append(')');
            }

            text.AppendLine();
            list.Add(new JsonObject { ["code"] = error.Code, ["message"] = error.Message, ["path"] = error.Path });
        }

        return new CallToolResult
        {
            IsError = true,
            Content = [new TextContentBlock { Text = text.ToString().TrimEnd() }],
            StructuredContent = JsonSerializer.SerializeToElement(new JsonObject { ["errors"] = list, ["data"] = data?.DeepClone() }),
        };
    }

    public static CallToolResult Error(string code, string message) => Error([new ToolError(code, message)]);

    /// <summary>No entity has the key: NOT_FOUND, saying where keys come from.</summary>
    public static CallToolResult EntityNotFound(string key) =>
        Error(Core.Writing.WriteErrorCodes.NotFound, $"No entity has the key '{key}'; find keys with search_entities.");
}
