using System.ComponentModel.DataAnnotations;

namespace TradeGraph.Api.GraphQLHttp.Persisted;

/// <summary>Automatic persisted queries (Apollo's protocol) and trusted documents (operations known at start, by id).</summary>
public sealed class PersistedOperationOptions
{
    public const string SectionName = "GraphQL:PersistedOperations";

    /// <summary>Whether <c>extensions.persistedQuery</c> is served; off, such a request gets PERSISTED_QUERY_NOT_SUPPORTED.</summary>
    public bool AutomaticEnabled { get; set; } = true;

    /// <summary>Most documents the automatic store keeps; the least recently used go first.</summary>
    [Range(1, 1_000_000)]
    public int MaxDocuments { get; set; } = 10_000;

    /// <summary>Most characters all automatically persisted documents may take together; the least recently used go first.</summary>
    [Range(1_000, 1_000_000_000)]
    public long MaxTotalCharacters { get; set; } = 20_000_000;

    /// <summary>
    /// A JSON file (<c>{ "id": "document" }</c>, Relay's persisted-queries.json) or a folder (Hot Chocolate's operation
    /// store: <c>&lt;id&gt;.graphql</c> files, and any <c>*.json</c> maps) of trusted documents, relative to the content
    /// root; empty for none. Read once at start; a path that does not exist or a bad file stops the start.
    /// </summary>
    public string? TrustedDocuments { get; set; }

    /// <summary>
    /// When true, callers without one of <see cref="ArbitraryDocumentScopes"/> may run trusted documents only (by id, or
    /// a document whose text is a trusted one); anything else gets TRUSTED_DOCUMENTS_ONLY.
    /// </summary>
    public bool TrustedOnly { get; set; }

    /// <summary>
    /// Scopes whose callers may still send any document when <see cref="TrustedOnly"/> is on; unset means <c>admin</c>
    /// (a list, not a default value, because configuration appends to a list's defaults).
    /// </summary>
    public List<string>? ArbitraryDocumentScopes { get; set; }

    /// <summary>The scopes in effect: <see cref="ArbitraryDocumentScopes"/>, or <c>admin</c>.</summary>
    public IReadOnlyList<string> EffectiveArbitraryDocumentScopes => ArbitraryDocumentScopes is { Count: > 0 } scopes ? scopes : ["admin"];
}
