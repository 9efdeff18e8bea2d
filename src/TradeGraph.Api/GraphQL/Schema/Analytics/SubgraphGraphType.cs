using GraphQL.Types;
using TradeGraph.Core.Analytics;

namespace TradeGraph.Api.GraphQL.Schema.Analytics;

/// <summary><c>Subgraph</c>: a neighbourhood's nodes and the relationships between them, a page at a time.</summary>
internal sealed class SubgraphGraphType : ObjectGraphType<Subgraph>
{
    public SubgraphGraphType(SubgraphNodeGraphType node, PathRelationshipGraphType relationship)
    {
        Name = "Subgraph";
        Description = "Nodes and the relationships between them, for drawing.";
        Field("nodes", TypeShapes.NonNullList(node)).Resolve(c => c.Source.Nodes);
        Field("relationships", TypeShapes.NonNullList(relationship)).Resolve(c => c.Source.Relationships);
        Field<NonNullGraphType<BooleanGraphType>>("truncated").Description("More nodes were within reach than `first`.").Resolve(c => c.Source.Truncated);
        Field<StringGraphType>("endCursor")
            .Description("Pass as `after` for the next nodes (the centre comes again, with the relationships to it); null when none remain.")
            .Resolve(c => c.Source.Next is { } next ? NeighbourhoodCursor.Encode(next) : null);
    }
}
