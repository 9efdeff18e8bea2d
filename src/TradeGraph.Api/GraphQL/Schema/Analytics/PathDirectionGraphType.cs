using GraphQL.Types;
using TradeGraph.Core.Analytics;

namespace TradeGraph.Api.GraphQL.Schema.Analytics;

/// <summary><c>PathDirection</c>: which way a path, a projection or a neighbour step walks relationships.</summary>
internal sealed class PathDirectionGraphType : EnumerationGraphType
{
    public PathDirectionGraphType()
    {
        Name = "PathDirection";
        Description = "Which way relationships may be walked.";
        Add("OUTGOING", EdgeDirection.Directed, "From start to end, as stored.");
        Add("INCOMING", EdgeDirection.Reverse, "From end to start.");
        Add("BOTH", EdgeDirection.Undirected, "Either way.");
    }
}
