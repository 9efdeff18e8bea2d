using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using TradeGraph.Api.Analytics;
using TradeGraph.Core.Analytics;
using TradeGraph.Core.Graph;

namespace TradeGraph.Api.GraphQL.Schema.Analytics;

/// <summary>
/// The fields analytics adds to every kind's type: the entity's community, and its score under each measure
/// (<see cref="ScoreMeasures"/>) over the whole graph — the values <c>order: [{ pageRank: DESC }]</c> sorts by. Kind
/// types are generated, so these are fields built over <see cref="Entity"/>, added by the explicit step
/// <see cref="ModelGraphTypes.ExtendKindTypes"/> (<see cref="AnalyticsGraphTypes.ExtendKindTypes"/>).
/// </summary>
internal static class AnalyticsEntityFields
{
    // Cheap per entity: the computation is shared (cached), so the field costs little beyond the first.
    private const double Weight = 10.0;

    public static IEnumerable<FieldType> Of(AnalyticsGraphTypes types, AnalyticsArguments arguments)
    {
        yield return FieldBuilder<Entity, object>.Create("community", types.Community)
            .Description("The community this entity falls in, over the projection given (LOUVAIN unless asked otherwise); null when outside it.")
            .Arguments(arguments.Projection(new QueryArgument(types.CommunityAlgorithm) { Name = "algorithm" }))
            .ResolveAwaiting(async (entity, c) =>
            {
                var sets = await AnalyticsQueryFields.CommunitiesAsync(c, c.GetArgument("algorithm", CommunityAlgorithmGraphType.Louvain));
                return sets.CommunityOf(entity.Key);
            })
            .FieldType.WithMetadata(CostModel.WeightKey, Weight);

        foreach (var measure in ScoreMeasures.All)
        {
            yield return FieldBuilder<Entity, object>.Create(measure.Field, typeof(FloatGraphType))
                .Description(measure.FieldDescription)
                .ResolveAwaiting(async (entity, c) =>
                {
                    var ranking = await AnalyticsArguments.Service(c).RankingAsync(measure, AnalyticsService.EntityScoreProjection, c.CancellationToken);
                    return ranking.ScoreOf(entity.Key);
                })
                .FieldType.WithMetadata(CostModel.WeightKey, Weight);
        }
    }
}
