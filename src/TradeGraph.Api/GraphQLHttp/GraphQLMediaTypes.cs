namespace TradeGraph.Api.GraphQLHttp;

/// <summary>The media types of the GraphQL-over-HTTP spec.</summary>
internal static class GraphQLMediaTypes
{
    public const string GraphQLResponse = "application/graphql-response+json";
    public const string Json = "application/json";
}
