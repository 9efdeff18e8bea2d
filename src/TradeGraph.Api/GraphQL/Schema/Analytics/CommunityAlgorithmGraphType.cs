using GraphQL.Types;

namespace TradeGraph.Api.GraphQL.Schema.Analytics;

/// <summary><c>CommunityAlgorithm</c>: how a projection is split into communities (the value is the cache's name for it).</summary>
internal sealed class CommunityAlgorithmGraphType : EnumerationGraphType
{
    public const string Louvain = "louvain";

    public CommunityAlgorithmGraphType()
    {
        Name = "CommunityAlgorithm";
        Add("LOUVAIN", Louvain, "Louvain modularity optimisation.");
        Add("WEAKLY_CONNECTED_COMPONENTS", "wcc", "Parts connected whatever the direction.");
    }
}
