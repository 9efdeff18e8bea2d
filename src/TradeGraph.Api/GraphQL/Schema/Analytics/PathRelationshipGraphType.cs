using GraphQL.Types;
using TradeGraph.Api.GraphQL.Loading;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Model;

namespace TradeGraph.Api.GraphQL.Schema.Analytics;

/// <summary><c>PathRelationship</c>: a relationship on a path or in a subgraph — its type, its ends, and the stored relationship.</summary>
internal sealed class PathRelationshipGraphType : ObjectGraphType<RelationshipRef>
{
    public PathRelationshipGraphType(GraphModel model, ModelGraphTypes types, EntityNodes nodes)
    {
        Name = "PathRelationship";
        Description = "A relationship on a path or in a subgraph.";
        Field<NonNullGraphType<StringGraphType>>("type").Resolve(c => c.Source.Type);
        Field("from", new NonNullGraphType(types.Node)).Resolve(c => nodes.One(c, c.Source.From));
        Field("to", new NonNullGraphType(types.Node)).Resolve(c => nodes.One(c, c.Source.To));
        Field("relationship", types.RelationshipInterface)
            .Description("The relationship itself, with its properties and sources (as in a connection's edge); null if it was removed since the projection was built.")
            .Resolve(c => model.TryGetRelationship(c.Source.Type, out var type)
                ? ModelGraphTypes.Loaders(c).Relationships(type).Load(RequestLoaders.EndsKey(c.Source.From, c.Source.To))
                : null);
    }
}
