using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Tests.Contract;

/// <summary>Stated and inferred citations (decision 0018): kept as the seed gives them, and filterable.</summary>
public abstract partial class GraphStoreContract
{
    private static readonly FieldComparison IsInferred = new(CitationsFilter.InferredField, ComparisonOperator.Equal, true);

    [SkippableFact]
    public async Task KeepsWhetherEachCitationIsStatedOrInferredWithItsNote()
    {
        SkipUnlessAvailable();
        var expected = SeedDocument.Entities.Single(e => e.Key == "malaysia");

        var stored = (await Store.GetEntitiesAsync(["malaysia"], CancellationToken.None))["malaysia"];
        var related = await Store.ListRelatedAsync(new RelatedQuery(Model.Relationship("LOCATED_IN"), Direction.Outgoing, ["kuala-lumpur"],
            new PageRequest(First: 5)), CancellationToken.None);

        Assert.Equal(expected.Sources.OrderBy(s => s.Locator?.Length).ThenBy(s => s.Locator, StringComparer.Ordinal), stored.Sources);
        Assert.Contains(stored.Sources, s => s is { Locator: "¶2", Inferred: true, Note.Length: > 0 });
        Assert.Contains(stored.Sources, s => s is { Locator: "¶1", Inferred: false, Note: null });
        var located = Assert.Single(related["kuala-lumpur"].Items).Value.Relationship;
        Assert.Equal([("¶2", true)], located.Sources.Select(s => (s.Locator, s.Inferred)));
    }

    [SkippableFact]
    public async Task FiltersEntitiesAndRelationshipsByWhetherTheirCitationsAreInferred()
    {
        SkipUnlessAvailable();
        string[] Expect(Func<IReadOnlyList<SourceReference>, bool> holds) =>
            [.. SeedDocument.Entities.Where(e => e.Kind == "Country" && holds(e.Sources)).Select(e => e.Key).Order(StringComparer.Ordinal)];
        async Task<string[]> CountriesAsync(Filter filter) =>
            [.. (await Store.ListEntitiesAsync(new EntityQuery("Country", new PageRequest(First: 50), filter), CancellationToken.None)).Items
                .Select(i => i.Value.Key).Order(StringComparer.Ordinal)];

        var someInferred = await CountriesAsync(new CitationsFilter(ListQuantifier.Some, [IsInferred]));
        var allStated = await CountriesAsync(new CitationsFilter(ListQuantifier.None, [IsInferred]));
        var representedByInference = await Store.ListEntitiesAsync(new EntityQuery("Official", new PageRequest(First: 50),
            new RelationshipFilter(Model.Relationship("REPRESENTS"), Direction.Outgoing, RelationshipQuantifier.Some, null,
                new CitationsFilter(ListQuantifier.Some, [IsInferred]))), CancellationToken.None);

        Assert.Equal(["china", "malaysia", "russia"], someInferred);
        Assert.Equal(Expect(s => s.Any(c => c.Inferred)), someInferred);
        Assert.Equal(Expect(s => s.All(c => !c.Inferred)), allStated);
        Assert.Equal(["he-lifeng", "marco-rubio", "vladimir-putin", "xi-jinping"],
            representedByInference.Items.Select(i => i.Value.Key).Order(StringComparer.Ordinal));
        Assert.Throws<ArgumentException>(() => CitationsFilter.CheckField(new FieldComparison("locator", ComparisonOperator.Equal, "¶2")));
    }
}
