using System.Text.Json;

namespace TradeGraph.Storage.Tests.Neo4j.QueryApi;

/// <summary>
/// What a real 5.26 Query API refuses before it runs anything (the conformance audit, §1 and §9): a body without the
/// typed-JSON or JSON content type (415), an Accept it cannot produce (406), a body with an unknown field or a typed
/// value whose <c>$type</c> does not come first (400, Neo.ClientError.Request.Invalid). <see cref="FakeNeo4jServer"/>
/// applies these to every request unless a test turns <see cref="FakeNeo4jServer.Strict"/> off.
/// </summary>
internal static class QueryApiRules
{
    private static readonly string[] MediaTypes = ["application/vnd.neo4j.query", "application/json"];
    private static readonly HashSet<string> BodyFields = new(StringComparer.Ordinal)
    {
        "statement", "parameters", "accessMode", "bookmarks", "includeCounters", "impersonatedUser",
    };

    /// <summary>The refusal a real server gives <paramref name="request"/>, or null when it would take it.</summary>
    public static Responder? Refusal(RecordedRequest request)
    {
        if (!Acceptable(request.Header("Accept")))
        {
            return Reply.Empty(406);
        }

        if (request.Method == "DELETE")
        {
            return null;
        }

        if (!MediaTypes.Any(t => (request.Header("Content-Type") ?? "").StartsWith(t, StringComparison.OrdinalIgnoreCase)))
        {
            return Reply.Empty(415);
        }

        JsonElement body;
        try
        {
            body = request.Json();
        }
        catch (JsonException)
        {
            return Invalid("The request body is not JSON.");
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return Invalid("The request body is not a JSON object.");
        }

        foreach (var field in body.EnumerateObject())
        {
            if (!BodyFields.Contains(field.Name))
            {
                return Invalid($"Unrecognized field \"{field.Name}\".");
            }
        }

        return body.TryGetProperty("parameters", out var parameters) && TypeNotFirst(parameters) is { } misplaced
            ? Invalid($"Expected $type as the first field of a typed value, got \"{misplaced}\".")
            : null;
    }

    private static bool Acceptable(string? accept) =>
        accept is not null && accept.Split(',').Select(a => a.Split(';')[0].Trim())
            .Any(a => a == "*/*" || MediaTypes.Contains(a, StringComparer.OrdinalIgnoreCase));

    /// <summary>The first field of a typed value (anywhere in the parameters) that is not <c>$type</c>, if any.</summary>
    private static string? TypeNotFirst(JsonElement parameters)
    {
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var parameter in parameters.EnumerateObject())
        {
            if (Misplaced(parameter.Value) is { } misplaced)
            {
                return misplaced;
            }
        }

        return null;
    }

    private static string? Misplaced(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var first = value.EnumerateObject().FirstOrDefault();
        if (first.Name != "$type")
        {
            return first.Name ?? "(nothing)";
        }

        if (value.TryGetProperty("_value", out var inner))
        {
            var nested = inner.ValueKind switch
            {
                JsonValueKind.Array => inner.EnumerateArray().Select(Misplaced).FirstOrDefault(m => m is not null),
                JsonValueKind.Object => inner.EnumerateObject().Select(p => Misplaced(p.Value)).FirstOrDefault(m => m is not null),
                _ => null,
            };
            return nested;
        }

        return null;
    }

    private static Responder Invalid(string message) =>
        Reply.Json(400, JsonSerializer.Serialize(new { errors = new[] { new { code = "Neo.ClientError.Request.Invalid", message } } }));
}
