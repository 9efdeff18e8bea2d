namespace TradeGraph.Api.GraphQLHttp;

/// <summary>The media types of the GraphQL-over-HTTP spec, and server-sent events for streams (the graphql-sse protocol).</summary>
internal static class GraphQLMediaTypes
{
    public const string GraphQLResponse = "application/graphql-response+json";
    public const string Json = "application/json";
    public const string EventStream = "text/event-stream";

    /// <summary>The Content-Type of an answer in <paramref name="mediaType"/>: the two answer types' strings are made once, not per response.</summary>
    public static string ContentTypeOf(string mediaType) => mediaType switch
    {
        Json => JsonUtf8,
        GraphQLResponse => GraphQLResponseUtf8,
        _ => mediaType + "; charset=utf-8",
    };

    private const string JsonUtf8 = Json + "; charset=utf-8";
    private const string GraphQLResponseUtf8 = GraphQLResponse + "; charset=utf-8";
}
