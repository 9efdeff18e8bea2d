using System.Buffers;
using System.Text.Json;

namespace TradeGraph.Storage.Neo4j.QueryApi;

/// <summary>What one Query API response carried, once it was known to be a success.</summary>
internal sealed record QueryApiReply(QueryResult Result, IReadOnlyList<string>? Bookmarks, string? TransactionId, string? Affinity)
{
    public static readonly QueryResult EmptyResult = new([], []);
}

/// <summary>
/// Request bodies and the reading of responses, following the spec's algorithm: 401 first (never retried), then ANY
/// entry in <c>errors</c> whatever the status (a 202 can carry rows and then an error: the rows are discarded), then a
/// status other than 200/202 without an error body (a proxy's 502/503/504, a wrong address), then the data.
/// </summary>
internal static class QueryApiProtocol
{
    public const string AffinityHeader = "neo4j-cluster-affinity";

    /// <summary>
    /// A request body. <c>statement</c> first and nothing that is not needed (older servers reject unknown fields and,
    /// before 2026.08, expected this order). <c>accessMode</c> only for reads: the server's default is Write.
    /// </summary>
    public static byte[] Body(CypherStatement? statement, AccessMode? mode = null, IReadOnlyList<string>? bookmarks = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (statement is not null)
            {
                writer.WriteString("statement", statement.Text);
                writer.WritePropertyName("parameters");
                TypedJson.WriteMap(writer, statement.Parameters);
            }

            if (mode == AccessMode.Read)
            {
                writer.WriteString("accessMode", "Read");
            }

            if (bookmarks is { Count: > 0 })
            {
                writer.WriteStartArray("bookmarks");
                foreach (var bookmark in bookmarks)
                {
                    writer.WriteStringValue(bookmark);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static QueryApiReply Interpret(HttpResponseMessage response, byte[] body, string request, string address, string username)
    {
        var status = (int)response.StatusCode;
        using var document = TryParse(body, out var notJson);
        var root = document?.RootElement;
        var error = FirstError(root, out var errorCount);

        if (status == 401)
        {
            // Never retried: Neo4j locks an account after repeated failed logins.
            var code = error is { } e ? Code(e) : "Neo.ClientError.Security.Unauthorized";
            var reason = error is { } e2 ? Message(e2) : "401 Unauthorized";
            throw new Neo4jQueryException(code,
                $"Neo4j at {address} refused the credentials of user '{username}' (set Storage:Neo4j:Username and Password, " +
                $"or NEO4J_USERNAME and NEO4J_PASSWORD): {reason}", status);
        }

        if (error is { } failure)
        {
            var more = errorCount > 1 ? $" (and {errorCount - 1} more errors)" : "";
            throw new Neo4jQueryException(Code(failure), Message(failure) + more, status);
        }

        if (status is not (200 or 202))
        {
            var hint = status is 404 or 405 or 406 or 415
                ? " (is Storage:Neo4j:Uri the server's HTTP address, the database name right, and the server Neo4j 5.26 or later with the Query API?)"
                : "";
            throw new Neo4jHttpException(status,
                $"Neo4j at {address} answered {status} {response.ReasonPhrase} to {request} without a Neo4j error{hint}.");
        }

        if (notJson || (root is { } r && r.ValueKind != JsonValueKind.Object))
        {
            throw new JsonException($"Neo4j at {address} answered {status} to {request} with a body that is not a Query API response: {Snippet(body)}");
        }

        // An empty body is a success with nothing in it: the normal answer to a rollback on 5.26.
        var affinity = response.Headers.TryGetValues(AffinityHeader, out var values) ? values.FirstOrDefault() : null;
        if (root is not { } json)
        {
            return new QueryApiReply(QueryApiReply.EmptyResult, null, null, affinity);
        }

        return new QueryApiReply(ReadResult(json), ReadBookmarks(json), ReadTransactionId(json), affinity);
    }

    private static JsonDocument? TryParse(byte[] body, out bool notJson)
    {
        notJson = false;
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            notJson = true; // a proxy's HTML page, say; decided on with the status
            return null;
        }
    }

    private static JsonElement? FirstError(JsonElement? root, out int count)
    {
        count = 0;
        if (root is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("errors", out var errors)
            && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
        {
            count = errors.GetArrayLength();
            return errors[0];
        }

        return null;
    }

    private static string Code(JsonElement error) =>
        error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
            ? code.GetString()!
            : "N/A"; // 5.26 sends "N/A" itself for some request errors

    private static string Message(JsonElement error) =>
        error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
            ? message.GetString()!
            : error.GetRawText();

    private static QueryResult ReadResult(JsonElement root)
    {
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return QueryApiReply.EmptyResult;
        }

        var fields = new List<string>();
        if (data.TryGetProperty("fields", out var fieldsElement) && fieldsElement.ValueKind == JsonValueKind.Array)
        {
            foreach (var field in fieldsElement.EnumerateArray())
            {
                fields.Add(field.GetString() ?? throw new JsonException("A field name in data.fields is not a string."));
            }
        }

        var rows = new List<IReadOnlyList<object?>>();
        if (data.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            foreach (var rowElement in values.EnumerateArray())
            {
                if (rowElement.ValueKind != JsonValueKind.Array)
                {
                    throw new JsonException($"A row in data.values is not an array (is the server older than 5.23?): {Snippet(rowElement.GetRawText())}");
                }

                var row = new object?[rowElement.GetArrayLength()];
                var i = 0;
                foreach (var value in rowElement.EnumerateArray())
                {
                    row[i++] = TypedJson.Decode(value);
                }

                rows.Add(row);
            }
        }

        return new QueryResult(fields, rows);
    }

    private static List<string>? ReadBookmarks(JsonElement root)
    {
        if (!root.TryGetProperty("bookmarks", out var bookmarks) || bookmarks.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var list = new List<string>();
        foreach (var bookmark in bookmarks.EnumerateArray())
        {
            if (bookmark.ValueKind == JsonValueKind.String)
            {
                list.Add(bookmark.GetString()!);
            }
        }

        return list;
    }

    private static string? ReadTransactionId(JsonElement root) =>
        root.TryGetProperty("transaction", out var transaction) && transaction.ValueKind == JsonValueKind.Object
        && transaction.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;

    private static string Snippet(byte[] body) => Snippet(System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200)));

    private static string Snippet(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
