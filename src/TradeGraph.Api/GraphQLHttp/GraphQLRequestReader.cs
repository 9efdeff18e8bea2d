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

    /// <summary>The POST body's requests or the problem with it. A ValueTask, as the body read under it: most complete at once.</summary>
    public async ValueTask<(ReadRequests? Requests, RequestProblem? Problem)> ReadPostAsync(HttpContext context)
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

            var read = RequestBodyReader.Read(body.AsSpan(0, length));
            return read.Problem is { } problem ? (null, problem) : Checked(read.Requests!, read.IsBatch);
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

    /// <summary>Refuses a batch when batching is off, empty or over its size.</summary>
    private (ReadRequests?, RequestProblem?) Checked(IReadOnlyList<GraphQLRequest> requests, bool isBatch)
    {
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
}
