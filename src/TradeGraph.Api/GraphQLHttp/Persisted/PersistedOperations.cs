using GraphQL.Transport;
using Microsoft.Extensions.Options;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Api.Security;

namespace TradeGraph.Api.GraphQLHttp.Persisted;

/// <summary>
/// Turns a request that names its document — by trusted id (<c>documentId</c> / Relay's <c>id</c>) or by Apollo's
/// <c>extensions.persistedQuery { version: 1, sha256Hash }</c> — into one that holds it, for every transport, and
/// enforces <see cref="PersistedOperationOptions.TrustedOnly"/>. Refusals are coded: PERSISTED_QUERY_NOT_FOUND and
/// PERSISTED_QUERY_NOT_SUPPORTED with the exact messages Apollo Client and urql match (answered with HTTP 200, as they
/// expect, so they retry with the document), PERSISTED_QUERY_HASH_MISMATCH, PERSISTED_DOCUMENT_NOT_FOUND,
/// PERSISTED_DOCUMENT_MISMATCH and TRUSTED_DOCUMENTS_ONLY.
/// </summary>
internal sealed class PersistedOperations(
    AutomaticPersistedQueries automatic,
    TrustedDocuments trusted,
    IOptions<PersistedOperationOptions> options,
    IOptions<GraphQLHttpOptions> http)
{
    public const string ExtensionName = "persistedQuery";

    /// <summary>The request to run, with its document; or the refusal.</summary>
    public (GraphQLRequest? Request, TradeGraphError? Refusal) Resolve(GraphQLRequest request, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        var settings = options.Value;
        var mayRunAny = !settings.TrustedOnly || settings.EffectiveArbitraryDocumentScopes.Any(caller.Has);
        var resolved = request.DocumentId is not null ? ByTrustedId(request)
            : request.Extensions?.TryGetValue(ExtensionName, out var extension) == true ? ByHash(request, extension, mayRunAny)
            : (request, Trusted: !mayRunAny && IsTrustedText(request.Query), Refusal: null);
        if (resolved.Refusal is not null)
        {
            return (null, resolved.Refusal);
        }

        return mayRunAny || resolved.Trusted
            ? (resolved.Request, null)
            : (null, new TradeGraphError(ErrorCodes.TrustedDocumentsOnly,
                "This server runs only its trusted documents for this caller: send a trusted document's `documentId` (or `id`). "
                + $"Callers with the scope {string.Join(" or ", settings.EffectiveArbitraryDocumentScopes)} may send any document "
                + $"({PersistedOperationOptions.SectionName}:{nameof(PersistedOperationOptions.TrustedOnly)})."));
    }

    private (GraphQLRequest Request, bool Trusted, TradeGraphError? Refusal) ByTrustedId(GraphQLRequest request)
    {
        var id = request.DocumentId!;
        if (trusted.FindById(id) is not { } document)
        {
            var shown = id.Length > 80 ? id[..80] + "…" : id;
            return (request, false, new TradeGraphError(ErrorCodes.PersistedDocumentNotFound, $"No trusted document has the id '{shown}'."));
        }

        if (!string.IsNullOrEmpty(request.Query) && request.Query != document)
        {
            return (request, false, new TradeGraphError(ErrorCodes.PersistedDocumentMismatch,
                "The request sends a document and a trusted document's id that names another one; send one of them."));
        }

        return (WithDocument(request, document), true, null);
    }

    private (GraphQLRequest Request, bool Trusted, TradeGraphError? Refusal) ByHash(GraphQLRequest request, object? extension, bool mayRunAny)
    {
        if (!options.Value.AutomaticEnabled)
        {
            return (request, false, new TradeGraphError(ErrorCodes.PersistedQueryNotSupported, "PersistedQueryNotSupported"));
        }

        if (extension is not IDictionary<string, object?> fields
            || !fields.TryGetValue("version", out var version) || version is not (int or long) || Convert.ToInt64(version, System.Globalization.CultureInfo.InvariantCulture) != 1
            || !fields.TryGetValue("sha256Hash", out var hashValue) || hashValue is not string hash)
        {
            return (request, false, new TradeGraphError(ErrorCodes.PersistedQueryNotSupported,
                "PersistedQueryNotSupported: extensions.persistedQuery must be { version: 1, sha256Hash: \"<64 hex digits>\" }."));
        }

        hash = hash.ToLowerInvariant();
        if (string.IsNullOrEmpty(request.Query))
        {
            var known = trusted.FindByHash(hash);
            return known is not null ? (WithDocument(request, known), true, null)
                : automatic.Find(hash) is { } registered ? (WithDocument(request, registered), false, null)
                : (request, false, new TradeGraphError(ErrorCodes.PersistedQueryNotFound, "PersistedQueryNotFound"));
        }

        if (DocumentHash.Of(request.Query) != hash)
        {
            return (request, false, new TradeGraphError(ErrorCodes.PersistedQueryHashMismatch,
                "extensions.persistedQuery.sha256Hash is not the SHA-256 of the document sent with it; nothing was stored."));
        }

        var isTrusted = trusted.FindByHash(hash) is not null;
        // A caller who may not send arbitrary documents may not register them either; an over-long document is refused later.
        if ((isTrusted || mayRunAny) && request.Query.Length <= http.Value.MaxDocumentLength)
        {
            automatic.Keep(hash, request.Query);
        }

        return (request, isTrusted, null);
    }

    /// <summary>Whether a document sent in full is a trusted one (hashed only under TrustedOnly, for callers it binds).</summary>
    private bool IsTrustedText(string? query) => !string.IsNullOrEmpty(query) && trusted.FindByHash(DocumentHash.Of(query)) is not null;

    private static GraphQLRequest WithDocument(GraphQLRequest request, string document) => new()
    {
        Query = document,
        OperationName = request.OperationName,
        Variables = request.Variables,
        Extensions = request.Extensions,
    };
}
