using System.Text.Json;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Transport;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>
/// Reads a POST body in a single pass of a <see cref="Utf8JsonReader"/>: one request, a batch (an array of requests) or
/// a variable batch (<c>variables</c> as an array, Hot Chocolate's), the variables straight into <see cref="Inputs"/>
/// (GraphQL.NET's own converter). Within a request the refusals keep one order of precedence; in a batch the first
/// request refused answers; and a malformed body is reported as such whatever was refused before the fault.
/// </summary>
internal static class RequestBodyReader
{
    private static readonly JsonSerializerOptions InputsOptions = new() { Converters = { new InputsJsonConverter() } };

    /// <summary>The requests read (one per variable set), or why none is run; <see cref="IsBatch"/> when the body batched.</summary>
    public readonly record struct Outcome(IReadOnlyList<GraphQLRequest>? Requests, RequestProblem? Problem, bool IsBatch);

    /// <exception cref="JsonException">The body is not well-formed JSON.</exception>
    public static Outcome Read(ReadOnlySpan<byte> body)
    {
        var json = new Utf8JsonReader(body);
        if (!json.Read())
        {
            throw new JsonException("The request body is empty.");
        }

        var requests = new List<GraphQLRequest>(1);
        var isBatch = json.TokenType == JsonTokenType.StartArray;
        RequestProblem? problem;
        try
        {
            problem = json.TokenType switch
            {
                JsonTokenType.StartObject => ReadRequest(ref json, requests, ref isBatch),
                JsonTokenType.StartArray => ReadBatch(ref json, requests, ref isBatch),
                _ => RequestProblem.BadRequest(RequestMessages.NotAnObject),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NotSupportedException)
        {
            problem = RequestProblem.BadRequest(RequestMessages.NotWellFormed + e.Message);
        }

        ReadToEnd(ref json);
        return problem is null ? new Outcome(requests, null, isBatch) : new Outcome(null, problem, isBatch);
    }

    /// <summary>Reads the array's requests in order until the first one refused; the rest is only checked to be JSON.</summary>
    private static RequestProblem? ReadBatch(ref Utf8JsonReader json, List<GraphQLRequest> requests, ref bool isBatch)
    {
        while (json.Read() && json.TokenType != JsonTokenType.EndArray)
        {
            if (json.TokenType != JsonTokenType.StartObject)
            {
                return RequestProblem.BadRequest(RequestMessages.EachMustBeAnObject);
            }

            if (ReadRequest(ref json, requests, ref isBatch) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>Reads one request object (the reader on its start) and adds one request per variable set.</summary>
    private static RequestProblem? ReadRequest(ref Utf8JsonReader json, List<GraphQLRequest> requests, ref bool isBatch)
    {
        var fields = new Fields();
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            ReadField(ref json, ref fields);
        }

        if (fields.Problem() is { } problem)
        {
            return problem;
        }

        isBatch |= fields.VariableSets is not null;
        foreach (var variables in fields.VariableSets ?? [fields.Variables])
        {
            requests.Add(new GraphQLRequest
            {
                Query = fields.Query,
                OperationName = fields.OperationName,
                DocumentId = fields.DocumentId ?? fields.RelayId,
                Variables = variables,
                Extensions = fields.Extensions,
            });
        }

        return null;
    }

    private static void ReadField(ref Utf8JsonReader json, ref Fields fields)
    {
        if (json.ValueTextEquals("variables"u8))
        {
            json.Read();
            switch (json.TokenType)
            {
                case JsonTokenType.StartArray:
                    fields.VariableSets = ReadVariableSets(ref json, ref fields);
                    break;
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
            fields.Query = ReadString(ref json, ref fields, isQuery: true);
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
    }

    /// <summary>Variables as an array (the reader on its start): every item must be an object, one request each.</summary>
    private static List<Inputs?> ReadVariableSets(ref Utf8JsonReader json, ref Fields fields)
    {
        var sets = new List<Inputs?>();
        while (json.Read() && json.TokenType != JsonTokenType.EndArray)
        {
            if (json.TokenType == JsonTokenType.StartObject && !fields.BadVariables)
            {
                sets.Add(JsonSerializer.Deserialize<Inputs>(ref json, InputsOptions));
            }
            else
            {
                fields.BadVariables = true;
                json.Skip();
            }
        }

        return sets;
    }

    private static string? ReadString(ref Utf8JsonReader json, ref Fields fields, bool isQuery = false)
    {
        json.Read();
        switch (json.TokenType)
        {
            case JsonTokenType.String:
                return isQuery ? RecentQueryTexts.Read(ref json) : json.GetString();
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
        public List<Inputs?>? VariableSets;
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
    public const string EachMustBeAnObject = "Each request of a batch must be a JSON object.";
    public const string FieldsMustBeStrings = "`query`, `operationName`, `documentId` and `id` must be strings.";
    public const string TwoDocumentIds = "Send a document's id as `id` or as `documentId`, not both.";
    public const string ExtensionsMustBeObject = "`extensions` must be a JSON object.";
    public const string VariablesMustBeObject = "`variables` must be a JSON object (or, to batch, an array of objects).";
    public const string NotWellFormed = "The request is not a well-formed GraphQL request: ";
}
