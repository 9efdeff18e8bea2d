using GraphQL;

namespace TradeGraph.Api.GraphQL.Errors;

/// <summary>An expected failure reported to the client as a GraphQL error with a stable code.</summary>
public sealed class TradeGraphError : ExecutionError
{
    public TradeGraphError(string code, string message) : base(message)
    {
        Code = code;
    }
}
