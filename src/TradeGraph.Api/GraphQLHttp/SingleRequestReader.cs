using System.Text.Json;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Transport;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>
/// Reads a POST body that holds one GraphQL request in a single pass of a <see cref="Utf8JsonReader"/>, the variables
/// straight into <see cref="Inputs"/> (GraphQL.NET's own converter). A body that is a batch (an array, or variables as an
/// array) is left to <see cref="GraphQLRequestReader"/>'s JsonDocument path. The refusals are the same, in the same order
/// of precedence, and a malformed document wins over any of them, as when the whole body was parsed first.
/// </summary>
internal static class SingleRequestReader
{
    private static readonly JsonSerializerOptions InputsOptions = new() { Converters = { new InputsJsonConverter() } };

    public readonly record struct Outcome(GraphQLRequest? Request, RequestProblem? Problem, bool IsBatch);

    /// <exception cref="JsonException">The body is not well-formed JSON.</exception>
    public static Outcome Read(ReadOnlySpan<byte> body)
    {
        var json = new Utf8JsonReader(body);
        if (!json.Read())
        {
            throw new JsonException("The request body is empty.");
        }

        if (json.TokenType == JsonTokenType.StartArray)
        {
            return new Outcome(null, null, IsBatch: true);
        }

        if (json.TokenType != JsonTokenType.StartObject)
        {
            ReadToEnd(ref json);
            return new Outcome(null, RequestProblem.BadRequest(RequestMessages.NotAnObject), false);
        }

        var fields = new Fields();
        try
        {
            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                if (!ReadField(ref json, ref fields))
                {
                    return new Outcome(null, null, IsBatch: true);
                }
            }

            ReadToEnd(ref json);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NotSupportedException)
        {
            ReadToEnd(ref json);
            return new Outcome(null, RequestProblem.BadRequest(RequestMessages.NotWellFormed + e.Message), false);
        }

        return fields.Problem() is { } problem
            ? new Outcome(null, problem, false)
            : new Outcome(new GraphQLRequest
            {
                Query = fields.Query,
                OperationName = fields.OperationName,
                DocumentId = fields.DocumentId ?? fields.RelayId,
                Variables = fields.Variables,
                Extensions = fields.Extensions,
            }, null, false);
    }

    /// <summary>Reads one property's value into <paramref name="fields"/>; false when the variables are an array (a batch).</summary>
    private static bool ReadField(ref Utf8JsonReader json, ref Fields fields)
    {
        if (json.ValueTextEquals("variables"u8))
        {
            json.Read();
            switch (json.TokenType)
            {
                case JsonTokenType.StartArray:
                    return false;
                case JsonTokenType.StartObject:
                    fields.Variables = JsonSerializer.Deserialize<Inputs>(ref json, InputsOptions);
                    break;
                case JsonTokenType.Null:
                    fields.Variables = null;
                    break;
                default:
                    fields.BadVariables = true;
                    break;
            }
        }
        else if (json.ValueTextEquals("extensions"u8))
        {
            json.Read();
            switch (json.TokenType)
            {
                case JsonTokenType.StartObject:
                    fields.Extensions = JsonSerializer.Deserialize<Inputs>(ref json, InputsOptions);
                    break;
                case JsonTokenType.Null:
                    fields.Extensions = null;
                    break;
                default:
                    fields.BadExtensions = true;
                    json.Skip();
                    break;
            }
        }
        else if (json.ValueTextEquals("query"u8))
        {
            fields.Query = ReadString(ref json, ref fields);
        }
        else if (json.ValueTextEquals("operationName"u8))
        {
            fields.OperationName = ReadString(ref json, ref fields);
        }
        else if (json.ValueTextEquals("documentId"u8))
        {
            fields.DocumentId = ReadString(ref json, ref fields);
        }
        else if (json.ValueTextEquals("id"u8))
        {
            fields.RelayId = ReadString(ref json, ref fields);
        }
        else
        {
            json.Read();
            json.Skip();
        }

        return true;
    }

    private static string? ReadString(ref Utf8JsonReader json, ref Fields fields)
    {
        json.Read();
        switch (json.TokenType)
        {
            case JsonTokenType.String:
                return json.GetString();
            case JsonTokenType.Null:
                return null;
            default:
                fields.BadStrings = true;
                json.Skip();
                return null;
        }
    }

    /// <summary>Reads what is left, so a malformed body is reported as such whatever was refused before it.</summary>
    private static void ReadToEnd(ref Utf8JsonReader json)
    {
        while (json.Read())
        {
        }
    }

    private struct Fields
    {
        public string? Query;
        public string? OperationName;
        public string? DocumentId;
        public string? RelayId;
        public Inputs? Variables;
        public Inputs? Extensions;
        public bool BadStrings;
        public bool BadExtensions;
        public bool BadVariables;

        public readonly RequestProblem? Problem() =>
            BadStrings ? RequestProblem.BadRequest(RequestMessages.FieldsMustBeStrings)
            : DocumentId is not null && RelayId is not null ? RequestProblem.BadRequest(RequestMessages.TwoDocumentIds)
            : BadExtensions ? RequestProblem.BadRequest(RequestMessages.ExtensionsMustBeObject)
            : BadVariables ? RequestProblem.BadRequest(RequestMessages.VariablesMustBeObject)
            : null;
    }
}

/// <summary>What a request that cannot be read is told; one wording for GET, one POST request and a batch.</summary>
internal static class RequestMessages
{
    public const string NotAnObject = "The request body must be a JSON object (or an array of them, a batch).";
    public const string FieldsMustBeStrings = "`query`, `operationName`, `documentId` and `id` must be strings.";
    public const string TwoDocumentIds = "Send a document's id as `id` or as `documentId`, not both.";
    public const string ExtensionsMustBeObject = "`extensions` must be a JSON object.";
    public const string VariablesMustBeObject = "`variables` must be a JSON object (or, to batch, an array of objects).";
    public const string NotWellFormed = "The request is not a well-formed GraphQL request: ";
}
