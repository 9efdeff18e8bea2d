namespace TradeGraph.Api.GraphQLHttp;

/// <summary>The media types of the GraphQL-over-HTTP spec, and server-sent events for streams (the graphql-sse protocol).</summary>
internal static class GraphQLMediaTypes
{
    public const string GraphQLResponse = "application/graphql-response+json";
    public const string Json = "application/json";
    public const string EventStream = "text/event-stream";
}
