using GraphQL.Types;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>The wrappings the schema uses over a type given as an instance (model-derived types exist only as instances).</summary>
internal static class TypeShapes
{
    /// <summary><c>[T!]!</c></summary>
    public static NonNullGraphType NonNullList(IGraphType item) => new(new ListGraphType(new NonNullGraphType(item)));
}
