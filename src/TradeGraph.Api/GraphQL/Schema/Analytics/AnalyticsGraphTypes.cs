using GraphQL.Types;
using TradeGraph.Api.Analytics;
using TradeGraph.Api.GraphQL.Schema.Connections;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.GraphQL.Schema.Analytics;

/// <summary>
/// The analytics part of the schema, composed: its types (one typed class each, beside this file), the root fields
/// (<see cref="AnalyticsQueryFields"/>) and the fields it adds to every kind's type (<see cref="AnalyticsEntityFields"/>),
/// each added by a named step the schema calls.
/// </summary>
internal sealed class AnalyticsGraphTypes
{
    private readonly ModelGraphTypes _types;
    private readonly AnalyticsArguments _arguments;
    private readonly AnalyticsQueryFields _queryFields;

    public AnalyticsGraphTypes(GraphModel model, ModelGraphTypes types, AnalyticsOptions options, PagingOptions paging)
    {
        _types = types;
        var nodes = new EntityNodes(types.Parts);
        var direction = new PathDirectionGraphType();
        _arguments = new AnalyticsArguments(model, types, direction);
        var pathRelationship = new PathRelationshipGraphType(model, types, nodes);
        NeighbourStep = new NeighbourStepInputGraphType(direction);
        SimilarityMeasure = new SimilarityMeasureGraphType();
        Path = new PathGraphType(types, pathRelationship, nodes);
        var subgraphNode = new SubgraphNodeGraphType(types, nodes);
        Subgraph = new SubgraphGraphType(subgraphNode, pathRelationship);

        CentralityAlgorithm = new CentralityAlgorithmGraphType();
        var scored = new ScoredNodeGraphType(types, nodes);
        var name = types.ConnectionNames.Claim("Query", "centrality", scored.Name);
        var edge = new EdgeGraphType<PageItem<NodeScore>>(name, "A scored entity and its cursor.", scored, i => i.Cursor, i => i.Value);
        Centrality = new ConnectionGraphType<PageItem<NodeScore>>(name, "A ranking, best first (ties by key), a page at a time.", edge, scored, types.PageInfo);
        Centrality.AddTotalCount("Entities in the projection.", nonNull: true);

        CommunityAlgorithm = new CommunityAlgorithmGraphType();
        Community = new CommunityGraphType(types, nodes, paging);
        Communities = new CommunitiesGraphType(Community, paging);
        SimilarEntity = new SimilarEntityGraphType(types, nodes);
        CoOccurrence = new CoOccurrenceGraphType(types, nodes);

        // In the order the schema has always registered them (the printed schema keeps it).
        AllTypes =
        [
            direction, pathRelationship, NeighbourStep, SimilarityMeasure, Path, subgraphNode, Subgraph, CentralityAlgorithm, scored,
            edge, Centrality, CommunityAlgorithm, Community, Communities, SimilarEntity, CoOccurrence,
        ];
        _queryFields = new AnalyticsQueryFields(this, _arguments, options, paging);
    }

    public IReadOnlyList<IGraphType> AllTypes { get; }

    public NeighbourStepInputGraphType NeighbourStep { get; }

    public SimilarityMeasureGraphType SimilarityMeasure { get; }

    public PathGraphType Path { get; }

    public SubgraphGraphType Subgraph { get; }

    public CentralityAlgorithmGraphType CentralityAlgorithm { get; }

    public ConnectionGraphType<PageItem<NodeScore>> Centrality { get; }

    public CommunityAlgorithmGraphType CommunityAlgorithm { get; }

    public CommunityGraphType Community { get; }

    public CommunitiesGraphType Communities { get; }

    public SimilarEntityGraphType SimilarEntity { get; }

    public CoOccurrenceGraphType CoOccurrence { get; }

    /// <summary>Step 1: the root fields (shortestPath … coOccurrences) on the Query type.</summary>
    public void AddQueryFields(ObjectGraphType query) => _queryFields.AddTo(query);

    /// <summary>Step 2: every kind's type gains <c>community</c> and a field per score measure (<see cref="AnalyticsEntityFields"/>).</summary>
    public void ExtendKindTypes() => _types.ExtendKindTypes(_ => AnalyticsEntityFields.Of(this, _arguments));
}
