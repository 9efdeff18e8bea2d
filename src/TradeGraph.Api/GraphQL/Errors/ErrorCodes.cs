namespace TradeGraph.Api.GraphQL.Errors;

/// <summary>Stable codes in <c>errors[].extensions.code</c>; clients may switch on them.</summary>
public static class ErrorCodes
{
    public const string InvalidCursor = "INVALID_CURSOR";
    public const string InvalidPaging = "INVALID_PAGING_ARGUMENTS";
    public const string PageSizeExceeded = "PAGE_SIZE_EXCEEDED";
    public const string InvalidId = "INVALID_ID";
    public const string InvalidArgument = "INVALID_ARGUMENT";

    /// <summary>An <c>order</c> through a relationship by something the stores cannot sort by there (a score, a count, a further hop).</summary>
    public const string SortNotSupported = "SORT_NOT_SUPPORTED";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string Forbidden = "FORBIDDEN";
    public const string ProjectionTooLarge = "PROJECTION_TOO_LARGE";
    public const string AnalyticsTimeLimit = "ANALYTICS_TIME_LIMIT";
    public const string SubscriptionFellBehind = "SUBSCRIPTION_FELL_BEHIND";

    /// <summary><c>graphChanged(afterRevision:)</c> named a revision the revision log cannot replay from.</summary>
    public const string RevisionTooOld = "REVISION_TOO_OLD";
    public const string InternalServerError = "INTERNAL_SERVER_ERROR";
    public const string ServerStopping = "SERVER_STOPPING";
    public const string SemanticSearchUnavailable = "SEMANTIC_SEARCH_UNAVAILABLE";

    /// <summary>searchPassages on a store that keeps no passages.</summary>
    public const string PassagesUnavailable = "PASSAGES_UNAVAILABLE";

    /// <summary>A mutation or subscription sent where only queries run (the MCP endpoint).</summary>
    public const string OperationNotAllowed = "OPERATION_NOT_ALLOWED";

    // Argument limits (InputLimits), refused before anything runs.
    public const string FilterTooComplex = "FILTER_TOO_COMPLEX";
    public const string FilterTooDeep = "FILTER_TOO_DEEP";
    public const string FilterListTooLong = "FILTER_LIST_TOO_LONG";
    public const string ArgumentTooLong = "ARGUMENT_TOO_LONG";
    public const string TooManySortKeys = "TOO_MANY_SORT_KEYS";
    public const string DuplicateSortKey = "DUPLICATE_SORT_KEY";
    public const string SearchTextTooLong = "SEARCH_TEXT_TOO_LONG";

    // Live-update transports (StreamLimits).
    public const string StreamLimitExceeded = "STREAM_LIMIT_EXCEEDED";
    public const string OperationLimitExceeded = "OPERATION_LIMIT_EXCEEDED";

    // Operation limits (DocumentShapeLimits, CostAnalysis, IntrospectionDepthRule), reported before anything runs.
    public const string MaxDepthExceeded = "MAX_DEPTH_EXCEEDED";
    public const string CostLimitExceeded = "COST_LIMIT_EXCEEDED";
    public const string MaxAliasesExceeded = "MAX_ALIASES_EXCEEDED";
    public const string MaxFragmentSpreadsExceeded = "MAX_FRAGMENT_SPREADS_EXCEEDED";
    public const string MaxFragmentDepthExceeded = "MAX_FRAGMENT_DEPTH_EXCEEDED";
    public const string MaxFieldSelectionsExceeded = "MAX_FIELD_SELECTIONS_EXCEEDED";
    public const string MaxIntrospectionDepthExceeded = "MAX_INTROSPECTION_DEPTH_EXCEEDED";

    // Persisted operations and batches over HTTP (GraphQLHttp/Persisted, GraphQLHttp/Batching), refused before anything runs.
    public const string PersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND";
    public const string PersistedQueryNotSupported = "PERSISTED_QUERY_NOT_SUPPORTED";
    public const string PersistedQueryHashMismatch = "PERSISTED_QUERY_HASH_MISMATCH";
    public const string PersistedDocumentNotFound = "PERSISTED_DOCUMENT_NOT_FOUND";
    public const string PersistedDocumentMismatch = "PERSISTED_DOCUMENT_MISMATCH";
    public const string TrustedDocumentsOnly = "TRUSTED_DOCUMENTS_ONLY";
    public const string BatchTooLarge = "BATCH_TOO_LARGE";
}
