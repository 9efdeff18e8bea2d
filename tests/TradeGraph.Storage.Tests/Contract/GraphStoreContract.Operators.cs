using TradeGraph.Core.Analytics;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Tests.Contract;

/// <summary>
/// The filters the API builds for Hot Chocolate's operators: a negated ordering (<c>ngt</c> …) is the <see cref="Not"/> of
/// the ordering, so a missing value matches it; <c>any</c> is a relationship filter without conditions; <c>id</c> a
/// condition on the key.
/// </summary>
public abstract partial class GraphStoreContract
{
    [SkippableTheory]
    [InlineData(ComparisonOperator.GreaterThan)]
    [InlineData(ComparisonOperator.GreaterThanOrEqual)]
    [InlineData(ComparisonOperator.LessThan)]
    [InlineData(ComparisonOperator.LessThanOrEqual)]
    public async Task ANegatedOrderingMatchesTheRestMissingValuesIncluded(ComparisonOperator ordering)
    {
        SkipUnlessAvailable();
        var day = new DateOnly(2025, 10, 24);
        Task<long> CountAsync(Filter? filter) => Store.CountEntitiesAsync("Trip", filter, CancellationToken.None);

        var all = await CountAsync(null);
        var missing = await CountAsync(new FieldComparison("startsOn", ComparisonOperator.Equal, null));
        var holds = await CountAsync(new FieldComparison("startsOn", ordering, day));
        var negated = await CountAsync(new Not(new FieldComparison("startsOn", ordering, day)));

        Assert.True(missing > 0, "the seed has a trip without a start day");
        // An ordering never holds for a missing day, so the equality puts every trip without one in the negation.
        Assert.Equal(all, holds + negated);
        Assert.True(negated > missing, $"{ordering} {day}: the negation holds for a day too");
    }

    [SkippableFact]
    public async Task ANegatedOrderingOnARelationshipCountOrAScoreMatchesTheRest()
    {
        SkipUnlessAvailable();
        var participatesIn = Model.Relationship("PARTICIPATES_IN");
        var scores = new ScoreTable(ScoreMeasures.PageRank, new Dictionary<string, double> { ["xi-jinping"] = 0.5, ["donald-trump"] = 0.9 });
        Task<long> CountAsync(string kind, Filter? filter) => Store.CountEntitiesAsync(kind, filter, CancellationToken.None);

        var meetings = await CountAsync("Meeting", null);
        var many = new RelationshipCountFilter(participatesIn, Direction.Incoming, ComparisonOperator.GreaterThan, 2);
        var officials = await CountAsync("Official", null);
        var high = new ScoreComparison(scores, ComparisonOperator.GreaterThan, 0.6);

        Assert.Equal(meetings, await CountAsync("Meeting", many) + await CountAsync("Meeting", new Not(many)));
        // Officials without a score are not "greater than": they match the negation.
        Assert.Equal(officials - 1, await CountAsync("Official", new Not(high)));
    }

    [SkippableFact]
    public async Task AnyIsARelationshipFilterWithoutConditions()
    {
        SkipUnlessAvailable();
        var participatesIn = Model.Relationship("PARTICIPATES_IN");
        var expected = SeedDocument.Relationships.Where(r => r.Type == "PARTICIPATES_IN").Select(r => r.To).Distinct().Count();

        var any = await Store.CountEntitiesAsync("Meeting",
            new RelationshipFilter(participatesIn, Direction.Incoming, RelationshipQuantifier.Some, null, null), CancellationToken.None);
        var none = await Store.CountEntitiesAsync("Meeting",
            new RelationshipFilter(participatesIn, Direction.Incoming, RelationshipQuantifier.None, null, null), CancellationToken.None);

        Assert.Equal(expected, any);
        Assert.Equal(SeedDocument.Entities.Count(e => e.Kind == "Meeting"), any + none);
    }
}
