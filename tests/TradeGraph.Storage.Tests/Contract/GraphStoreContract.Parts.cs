using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Storage.Tests.Contract;

/// <summary>Projections: a read returns the parts it asks for, whole, and leaves every other part empty; paging does not depend on them.</summary>
public abstract partial class GraphStoreContract
{
    private const string Talks = "kuala-lumpur-trade-talks";

    [SkippableFact]
    public async Task AnEntityReadWithoutPartsHasOnlyKindKeyAndName()
    {
        SkipUnlessAvailable();
        var expected = SeedDocument.Entities.Single(e => e.Key == Talks);

        var entity = (await Store.GetEntitiesAsync([Talks], EntityParts.None, CancellationToken.None))[Talks];

        Assert.Equal((expected.Kind, expected.Key, expected.Name), (entity.Kind, entity.Key, entity.Name));
        AssertNoParts(entity);
    }

    [SkippableFact]
    public async Task AnEntityReadReturnsExactlyThePartsAsked()
    {
        SkipUnlessAvailable();
        var expected = SeedDocument.Entities.Single(e => e.Key == Talks);

        var properties = (await Store.GetEntitiesAsync([Talks], EntityParts.Properties, CancellationToken.None))[Talks];
        var cited = (await Store.GetEntitiesAsync([Talks], EntityParts.Sources | EntityParts.Aliases, CancellationToken.None))[Talks];
        var whole = (await Store.GetEntitiesAsync([Talks], EntityParts.All, CancellationToken.None))[Talks];

        Assert.Equal(expected.Properties.OrderBy(p => p.Key), properties.Properties.OrderBy(p => p.Key));
        Assert.Empty(properties.Sources);
        Assert.Null(properties.Description);
        Assert.Equal(Sorted(expected.Sources), Sorted(cited.Sources));
        Assert.Equal(expected.Aliases, cited.Aliases);
        Assert.Empty(cited.Properties);
        AssertSameEntity(expected, whole);
    }

    [SkippableFact]
    public async Task APageWithoutPartsHasTheSameRowsAndCursorsAsAWholeOne()
    {
        SkipUnlessAvailable();
        SortKey[] order = [new FieldSort("startsOn", Descending: true)];
        var bare = await Store.ListEntitiesAsync(new EntityQuery("Meeting", new PageRequest(First: 2), Order: order, Parts: EntityParts.None), CancellationToken.None);
        var whole = await Store.ListEntitiesAsync(new EntityQuery("Meeting", new PageRequest(First: 2), Order: order), CancellationToken.None);
        var next = await Store.ListEntitiesAsync(
            new EntityQuery("Meeting", new PageRequest(First: 2, After: bare.Items[^1].Cursor), Order: order, Parts: EntityParts.None), CancellationToken.None);
        var wholeNext = await Store.ListEntitiesAsync(
            new EntityQuery("Meeting", new PageRequest(First: 2, After: whole.Items[^1].Cursor), Order: order), CancellationToken.None);

        Assert.Equal(whole.Items.Select(i => (i.Value.Key, i.Cursor)), bare.Items.Select(i => (i.Value.Key, i.Cursor)));
        Assert.Equal(wholeNext.Items.Select(i => i.Value.Key), next.Items.Select(i => i.Value.Key));
        Assert.All(bare.Items, i => AssertNoParts(i.Value));
        Assert.All(whole.Items, i => Assert.NotEmpty(i.Value.Properties));
    }

    [SkippableFact]
    public async Task ARelatedPageReturnsTheWalkedRelationshipsPartsOnlyWhenAsked()
    {
        SkipUnlessAvailable();
        var participates = Model.Relationship("PARTICIPATES_IN");
        var expected = SeedDocument.Relationships.Where(r => r.Type == participates.Name && r.To == Talks).OrderBy(r => r.From, StringComparer.Ordinal).ToList();

        var bare = (await Store.ListRelatedAsync(new RelatedQuery(participates, Direction.Incoming, [Talks], new PageRequest(First: 50), Parts: EntityParts.None),
            CancellationToken.None))[Talks];
        var related = (await Store.ListRelatedAsync(new RelatedQuery(participates, Direction.Incoming, [Talks], new PageRequest(First: 50),
            Parts: EntityParts.RelationshipProperties | EntityParts.RelationshipSources), CancellationToken.None))[Talks];

        Assert.Equal(expected.Select(r => r.From), bare.Items.Select(i => i.Value.Entity.Key));
        Assert.All(bare.Items, i =>
        {
            AssertNoParts(i.Value.Entity);
            Assert.Empty(i.Value.Relationship.Properties);
            Assert.Empty(i.Value.Relationship.Sources);
        });
        Assert.Equal(expected.Select(r => (r.From, Sorted(r.Sources).Count, r.Properties.Count(p => p.Value is not null))),
            related.Items.Select(i => (i.Value.Entity.Key, i.Value.Relationship.Sources.Count, i.Value.Relationship.Properties.Count)));
        Assert.All(related.Items, i => AssertNoParts(i.Value.Entity));
    }

    [SkippableFact]
    public async Task ASearchWithoutPartsFindsTheSameEntitiesBare()
    {
        SkipUnlessAvailable();
        var bare = await Store.SearchRankedAsync(new SearchQuery("trade talks", new PageRequest(First: 5), Parts: EntityParts.None), CancellationToken.None);
        var whole = await Store.SearchRankedAsync(new SearchQuery("trade talks", new PageRequest(First: 5)), CancellationToken.None);

        Assert.NotEmpty(bare.Items);
        Assert.Equal(whole.Items.Select(i => (i.Value.Entity.Key, i.Cursor)), bare.Items.Select(i => (i.Value.Entity.Key, i.Cursor)));
        Assert.All(bare.Items, i => AssertNoParts(i.Value.Entity));
    }

    private static void AssertNoParts(Entity entity)
    {
        Assert.Empty(entity.Aliases);
        Assert.Null(entity.Description);
        Assert.Empty(entity.Properties);
        Assert.Empty(entity.Sources);
    }
}
