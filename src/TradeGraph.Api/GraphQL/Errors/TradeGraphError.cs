using GraphQL;

namespace TradeGraph.Api.GraphQL.Errors;

/// <summary>An expected failure reported to the client as a GraphQL error with a stable code (and Hot Chocolate's, when it has one).</summary>
public sealed class TradeGraphError : ExecutionError, IHasHotChocolateCode
{
    public TradeGraphError(string code, string message, HotChocolateCode? hotChocolate = null) : base(message)
    {
        Code = code;
        HotChocolate = hotChocolate;
    }

    public HotChocolateCode? HotChocolate { get; }
}
