using GraphQL.Types;
using GraphQLParser.AST;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// <c>@oneOf</c> as the GraphQL spec draft (and Hot Chocolate's printed SDL) defines it. GraphQL.NET applies it to one-of
/// input types when it prints them but leaves its definition out; parsers that do not know it built in refuse an SDL
/// that uses a directive it does not define.
/// </summary>
internal static class OneOfDirective
{
    public static Directive Definition() => new("oneOf", DirectiveLocation.InputObject)
    {
        Description = "The `@oneOf` directive is used within the type system definition language to indicate that an Input Object is a OneOf Input Object.",
    };
}
