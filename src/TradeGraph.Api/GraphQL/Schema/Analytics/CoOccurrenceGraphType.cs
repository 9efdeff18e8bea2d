using GraphQL.Types;
using TradeGraph.Core.Analytics;

namespace TradeGraph.Api.GraphQL.Schema.Analytics;

/// <summary><c>CoOccurrence</c>: two entities of a kind and the neighbours they share (<c>coOccurrences</c>).</summary>
internal sealed class CoOccurrenceGraphType : ObjectGraphType<CoOccurrencePair>
{
    public CoOccurrenceGraphType(ModelGraphTypes types, EntityNodes nodes)
    {
        Name = "CoOccurrence";
        Description = "Two entities and the neighbours they share (two officials and their meetings).";
        Field("first", new NonNullGraphType(types.Node)).Resolve(c => nodes.One(c, c.Source.First));
        Field("second", new NonNullGraphType(types.Node)).Resolve(c => nodes.One(c, c.Source.Second));
        Field("shared", TypeShapes.NonNullList(types.Node))
            .ResolveAwaiting(async (pair, c) => await nodes.Many(c, pair.Shared).GetResultAsync(c.CancellationToken));
    }
}
