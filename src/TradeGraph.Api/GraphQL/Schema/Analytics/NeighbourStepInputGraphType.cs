using GraphQL.Types;
using TradeGraph.Core.Analytics;
using ModelDirection = TradeGraph.Core.Model.Direction;

namespace TradeGraph.Api.GraphQL.Schema.Analytics;

/// <summary><c>NeighbourStepInput</c>: one hop of a <c>via</c> path, read as a <see cref="NeighbourStep"/>.</summary>
internal sealed class NeighbourStepInputGraphType : InputObjectGraphType<NeighbourStep>
{
    public NeighbourStepInputGraphType(PathDirectionGraphType direction)
    {
        Name = "NeighbourStepInput";
        Description = "One hop of the way to the neighbours that count (PARTICIPATES_IN, OUTGOING).";
        Field<NonNullGraphType<StringGraphType>>("relationshipType");
        Field("direction", direction).Description("OUTGOING unless given.");
    }

    // Built here, not by GraphQL.NET's reflection over the record: the two fields are all there is.
    public override object ParseDictionary(IDictionary<string, object?> value) => new NeighbourStep(
        (string)value["relationshipType"]!,
        value.TryGetValue("direction", out var direction) ? direction as EdgeDirection? : null);
}

/// <summary>One hop of a <c>via</c> path as given: the relationship type, and the direction when given.</summary>
internal sealed record NeighbourStep(string RelationshipType, EdgeDirection? Direction)
{
    /// <summary>The hop walked: OUTGOING unless given; BOTH walks either way.</summary>
    public Hop ToHop() => new(RelationshipType, Direction switch
    {
        EdgeDirection.Reverse => ModelDirection.Incoming,
        EdgeDirection.Undirected => null,
        _ => ModelDirection.Outgoing,
    });
}
