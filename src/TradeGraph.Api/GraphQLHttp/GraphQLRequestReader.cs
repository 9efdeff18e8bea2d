using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Api.GraphQLHttp.Batching;

namespace TradeGraph.Api.GraphQLHttp;

/// <summary>A request that could not be read: the HTTP status, a code and why.</summary>
internal sealed record RequestProblem(int Status, string Code, string Message)
{
    public const string InvalidRequest = "INVALID_REQUEST";

    public static RequestProblem BadRequest(string message) => new(StatusCodes.Status400BadRequest, InvalidRequest, message);
}

/// <summary>
/// What an HTTP request asks to run: one operation, or a batch (a JSON array of requests, or one request whose
/// <c>variables</c> is an array — Hot Chocolate's variable batching), answered as an array in the same order.
/// </summary>
internal sealed record ReadRequests(IReadOnlyList<GraphQLRequest> Requests, bool IsBatch);

/// <summary>
/// Reads GraphQL requests from GET query strings and POST bodies. Besides the spec's <c>query</c>, <c>operationName</c>,
/// <c>variables</c> and <c>extensions</c> it takes a persisted document's id as <c>documentId</c> (the GraphQL-over-HTTP
/// persisted documents proposal, Hot Chocolate) or <c>id</c> (Relay), both kept in <see cref="GraphQLRequest.DocumentId"/>.
/// </summary>
internal sealed class GraphQLRequestReader(IGraphQLTextSerializer serializer, IOptions<GraphQLHttpOptions> options, IOptions<BatchingOptions> batching)
{
    private static readonly string[] GetParameters = ["query", "operationName", "variables", "extensions", "id", "documentId"];

    public (ReadRequests? Requests, RequestProblem? Problem) ReadGet(HttpRequest request)
    {
        var query = request.Query;
        foreach (var key in GetParameters)
        {
            if (query[key].Count > 1)
            {
                return (null, RequestProblem.BadRequest($"The query string repeats `{key}`."));
            }
        }

        if (NullIfEmpty(query["id"]) is not null && NullIfEmpty(query["documentId"]) is not null)
        {
            return (null, RequestProblem.BadRequest(RequestMessages.TwoDocumentIds));
        }

        try
        {
            if (query["variables"].ToString().TrimStart().StartsWith('['))
            {
                return (null, RequestProblem.BadRequest("Batches (`variables` as an array) are accepted over POST only."));
            }

            return (new ReadRequests([new GraphQLRequest
            {
                Query = NullIfEmpty(query["query"]),
                DocumentId = NullIfEmpty(query["documentId"]) ?? NullIfEmpty(query["id"]),
                OperationName = NullIfEmpty(query["operationName"]),
                Variables = NullIfEmpty(query["variables"]) is { } variables ? serializer.Deserialize<Inputs>(variables) : null,
                Extensions = NullIfEmpty(query["extensions"]) is { } extensions ? serializer.Deserialize<Inputs>(extensions) : null,
            }], IsBatch: false), null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NotSupportedException)
        {
            return (null, RequestProblem.BadRequest("`variables` and `extensions` must be JSON objects."));
        }

        static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }

    public async Task<(ReadRequests? Requests, RequestProblem? Problem)> ReadPostAsync(HttpContext context)
    {
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals(GraphQLMediaTypes.Json, StringComparison.OrdinalIgnoreCase))
        {
            return (null, new RequestProblem(StatusCodes.Status415UnsupportedMediaType, RequestProblem.InvalidRequest, $"Send the request as {GraphQLMediaTypes.Json}."));
        }

        if (contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return (null, new RequestProblem(StatusCodes.Status415UnsupportedMediaType, RequestProblem.InvalidRequest, "Send the request body in utf-8."));
        }

        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = limit;
        }

        if (request.ContentLength > limit)
        {
            return (null, new RequestProblem(StatusCodes.Status413PayloadTooLarge, RequestProblem.InvalidRequest, $"The request body is over {limit} bytes."));
        }

        byte[] body;
        int length;
        try
        {
            (body, length) = await RequestBody.ReadAsync(request, limit, context.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            return (null, new RequestProblem(e.StatusCode, RequestProblem.InvalidRequest, e.Message));
        }

        try
        {
            if (length > limit)
            {
                return (null, new RequestProblem(StatusCodes.Status413PayloadTooLarge, RequestProblem.InvalidRequest, $"The request body is over {limit} bytes."));
            }

            // One request (nearly every one) is read in one pass; a batch goes through a JsonDocument.
            var single = SingleRequestReader.Read(body.AsSpan(0, length));
            if (!single.IsBatch)
            {
                return single.Request is { } one ? (new ReadRequests([one], IsBatch: false), null) : (null, single.Problem);
            }

            using var document = JsonDocument.Parse(body.AsMemory(0, length));
            return Read(document.RootElement);
        }
        catch (JsonException e)
        {
            return (null, RequestProblem.BadRequest("The request body is not a well-formed GraphQL request: " + e.Message));
        }
        finally
        {
            RequestBody.Return(body);
        }
    }

    private (ReadRequests?, RequestProblem?) Read(JsonElement root)
    {
        var isBatch = root.ValueKind == JsonValueKind.Array;
        if (!isBatch && root.ValueKind != JsonValueKind.Object)
        {
            return (null, RequestProblem.BadRequest(RequestMessages.NotAnObject));
        }

        var requests = new List<GraphQLRequest>();
        foreach (var item in isBatch ? root.EnumerateArray() : Enumerable.Repeat(root, 1))
        {
            if (ReadOne(item, requests) is { } problem)
            {
                return (null, problem);
            }

            isBatch |= item.ValueKind == JsonValueKind.Object && item.TryGetProperty("variables", out var variables) && variables.ValueKind == JsonValueKind.Array;
        }

        var settings = batching.Value;
        if (isBatch && !settings.Enabled)
        {
            return (null, RequestProblem.BadRequest($"Batching is off ({BatchingOptions.SectionName}:{nameof(BatchingOptions.Enabled)}); send one request at a time."));
        }

        if (requests.Count == 0)
        {
            return (null, RequestProblem.BadRequest("The batch is empty."));
        }

        if (isBatch && requests.Count > settings.MaxBatchSize)
        {
            return (null, new RequestProblem(StatusCodes.Status400BadRequest, ErrorCodes.BatchTooLarge,
                $"The batch holds {requests.Count} operations; send 1 to {settings.MaxBatchSize} "
                + $"({BatchingOptions.SectionName}:{nameof(BatchingOptions.MaxBatchSize)})."));
        }

        return (new ReadRequests(requests, isBatch), null);
    }

    /// <summary>Adds the request <paramref name="item"/> holds (one per variable set when its variables are an array).</summary>
    private RequestProblem? ReadOne(JsonElement item, List<GraphQLRequest> requests)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return RequestProblem.BadRequest("Each request of a batch must be a JSON object.");
        }

        if (!TryString(item, "query", out var query) || !TryString(item, "operationName", out var operationName)
            || !TryString(item, "documentId", out var documentId) || !TryString(item, "id", out var relayId))
        {
            return RequestProblem.BadRequest(RequestMessages.FieldsMustBeStrings);
        }

        if (documentId is not null && relayId is not null)
        {
            return RequestProblem.BadRequest(RequestMessages.TwoDocumentIds);
        }

        var extensions = item.TryGetProperty("extensions", out var extensionsValue) ? extensionsValue : default;
        if (extensions.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
        {
            return RequestProblem.BadRequest(RequestMessages.ExtensionsMustBeObject);
        }

        var variables = item.TryGetProperty("variables", out var variablesValue) ? variablesValue : default;
        var variableSets = variables.ValueKind switch
        {
            JsonValueKind.Undefined or JsonValueKind.Null => [default],
            JsonValueKind.Object => [variables],
            JsonValueKind.Array when variables.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Object) => variables.EnumerateArray().ToList(),
            _ => (List<JsonElement>?)null,
        };
        if (variableSets is null)
        {
            return RequestProblem.BadRequest(RequestMessages.VariablesMustBeObject);
        }

        try
        {
            var readExtensions = extensions.ValueKind == JsonValueKind.Object ? serializer.ReadNode<Inputs>(extensions) : null;
            foreach (var set in variableSets)
            {
                requests.Add(new GraphQLRequest
                {
                    Query = query,
                    DocumentId = documentId ?? relayId,
                    OperationName = operationName,
                    Variables = set.ValueKind == JsonValueKind.Object ? serializer.ReadNode<Inputs>(set) : null,
                    Extensions = readExtensions,
                });
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NotSupportedException)
        {
            return RequestProblem.BadRequest(RequestMessages.NotWellFormed + e.Message);
        }

        return null;
    }

    private static bool TryString(JsonElement item, string name, out string? value)
    {
        value = null;
        if (!item.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        value = property.ValueKind == JsonValueKind.String ? property.GetString() : null;
        return property.ValueKind == JsonValueKind.String;
    }
}
