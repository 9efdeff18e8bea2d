using TradeGraph.Core.Graph;
using TradeGraph.Core.Querying;
using TradeGraph.Core.Writing;

namespace TradeGraph.Storage.Tests.Contract;

/// <summary>The write half of the contract: outcomes, refusals that change nothing, history, provenance, durability.</summary>
public abstract partial class GraphStoreContract
{
    private const string Report = "report-2025-10-23-us-china-kl-talks";

    private static readonly SourceReference Cited = new(Report, "¶3");

    private static Entity Official(string key, string name, string? title = null) => new("Official", key, name, [], null,
        title is null ? PropertyValues.EmptyProperties : new Dictionary<string, object?> { ["title"] = title }, [Cited]);

    private static CreateEntity Upsert(Entity entity) =>
        new(entity, Upsert: true, new HashSet<string>(entity.Properties.Keys.Append("name").Append("aliases").Append("description")));

    private static Connect Link(string type, string from, string to, IReadOnlyDictionary<string, object?>? properties = null) =>
        new(new Relationship(type, from, to, properties ?? PropertyValues.EmptyProperties, [Cited]), new HashSet<string>(properties?.Keys ?? []));

    private Task<WriteResult> ApplyAsync(params GraphWrite[] writes) => Store.ApplyAsync(new WriteBatch(writes, "contract-test"), CancellationToken.None);

    private async Task<GraphWriteException> RefusedAsync(params GraphWrite[] writes) =>
        await Assert.ThrowsAsync<GraphWriteException>(() => ApplyAsync(writes));

    [SkippableFact]
    public async Task ACreatedEntityIsStoredWithItsCitationAndHistory()
    {
        SkipUnlessAvailable();
        var result = await ApplyAsync(new CreateEntity(Official("ada-envoy", "Ada Envoy", "Trade envoy"), Upsert: false, new HashSet<string>()));

        Assert.Equal(WriteOutcome.Created, Assert.Single(result.Writes).Outcome);
        Assert.True(result.Revision > 0);
        var stored = (await Store.GetEntitiesAsync(["ada-envoy"], CancellationToken.None))["ada-envoy"];
        Assert.Equal("Trade envoy", stored.Property("title"));
        Assert.Equal([Cited], stored.Sources);
        var revision = Assert.Single((await Store.GetHistoryAsync(["ada-envoy"], CancellationToken.None))["ada-envoy"]);
        Assert.Equal((ChangeKind.Created, "contract-test", result.Revision), (revision.Change, revision.Actor, revision.Number));
        Assert.Contains(revision.Changes, c => c is { Field: "title", Previous: null, Current: "\"Trade envoy\"" });
    }

    [SkippableFact]
    public async Task CreatingATakenKeyIsAConflict()
    {
        SkipUnlessAvailable();
        var refused = await RefusedAsync(new CreateEntity(Official("scott-bessent", "Someone Else"), Upsert: false, new HashSet<string>()));

        Assert.Equal(WriteErrorCodes.KeyConflict, Assert.Single(refused.Errors).Code);
        Assert.Equal("Scott Bessent", (await Store.GetEntitiesAsync(["scott-bessent"], CancellationToken.None))["scott-bessent"].Name);
    }

    [SkippableFact]
    public async Task UpsertingTheSameInputTwiceLeavesOneEntityAndReportsUnchanged()
    {
        SkipUnlessAvailable();
        var entity = Official("ada-envoy", "Ada Envoy", "Trade envoy");
        var before = await Store.GetStatisticsAsync(CancellationToken.None);

        var first = await ApplyAsync(Upsert(entity));
        var second = await ApplyAsync(Upsert(entity));

        Assert.Equal(WriteOutcome.Created, Assert.Single(first.Writes).Outcome);
        Assert.Equal(WriteOutcome.Unchanged, Assert.Single(second.Writes).Outcome);
        Assert.Equal(0, second.Revision);
        Assert.Equal(before.EntityCount + 1, (await Store.GetStatisticsAsync(CancellationToken.None)).EntityCount);
        Assert.Single((await Store.GetHistoryAsync(["ada-envoy"], CancellationToken.None))["ada-envoy"]);
    }

    [SkippableFact]
    public async Task AnUpdateKeepsThePreviousValueInHistory()
    {
        SkipUnlessAvailable();
        var update = new UpdateEntity("Official", "scott-bessent", null, null, false, null,
            new Dictionary<string, object?> { ["title"] = "Treasury chief" }, [new SourceReference(Report, "¶9")]);

        var result = await ApplyAsync(update);

        Assert.Equal(WriteOutcome.Updated, Assert.Single(result.Writes).Outcome);
        Assert.Equal("Treasury chief", result.Writes[0].Entity!.Property("title"));
        var revision = Assert.Single((await Store.GetHistoryAsync(["scott-bessent"], CancellationToken.None))["scott-bessent"]);
        var change = Assert.Single(revision.Changes);
        Assert.Equal(("title", "\"Treasury Secretary\"", "\"Treasury chief\""), (change.Field, change.Previous, change.Current));
        Assert.Equal([new SourceReference(Report, "¶9")], revision.Sources);
    }

    [SkippableFact]
    public async Task UpdatingAMissingOrMiskindedKeyIsNotFound()
    {
        SkipUnlessAvailable();
        var update = (string kind, string key) => new UpdateEntity(kind, key, "X", null, false, null, PropertyValues.EmptyProperties, [], Editorial: true);

        var refused = await RefusedAsync(update("Official", "nobody-at-all"), update("Country", "scott-bessent"));

        Assert.Equal([(WriteErrorCodes.NotFound, 0), (WriteErrorCodes.NotFound, 1)], refused.Errors.Select(e => (e.Code, e.Index)));
    }

    [SkippableFact]
    public async Task AFailedBatchChangesNothing()
    {
        SkipUnlessAvailable();
        var before = await Store.GetStatisticsAsync(CancellationToken.None);

        var refused = await RefusedAsync(
            Upsert(Official("ada-envoy", "Ada Envoy")),
            Link("PARTICIPATES_IN", "ada-envoy", "kuala-lumpur-trade-talks"),
            Link("REPRESENTS", "ada-envoy", "atlantis"));

        var error = Assert.Single(refused.Errors);
        Assert.Equal((WriteErrorCodes.NotFound, 2, "to"), (error.Code, error.Index, error.Path.Single()));
        Assert.Empty(await Store.GetEntitiesAsync(["ada-envoy"], CancellationToken.None));
        var after = await Store.GetStatisticsAsync(CancellationToken.None);
        Assert.Equal((before.EntityCount, before.RelationshipCount), (after.EntityCount, after.RelationshipCount));
        Assert.Empty((await Store.GetHistoryAsync(["ada-envoy"], CancellationToken.None))["ada-envoy"]);
    }

    [SkippableFact]
    public async Task ARelationshipMustJoinTheKindsItsTypeDeclares()
    {
        SkipUnlessAvailable();
        var refused = await RefusedAsync(Link("PARTICIPATES_IN", "china", "kuala-lumpur-trade-talks"));

        var error = Assert.Single(refused.Errors);
        Assert.Equal((WriteErrorCodes.RelationshipNotAllowed, "from"), (error.Code, error.Path.Single()));
        Assert.Contains("'china' is a Country", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ASingleEndRefusesASecondRelationship()
    {
        SkipUnlessAvailable();
        var refused = await RefusedAsync(Link("REPRESENTS", "scott-bessent", "china"));

        Assert.Equal(WriteErrorCodes.CardinalityExceeded, Assert.Single(refused.Errors).Code);
    }

    [SkippableFact]
    public async Task ConnectingAgainUpdatesPropertiesAndDisconnectingRemoves()
    {
        SkipUnlessAvailable();
        await ApplyAsync(Upsert(Official("ada-envoy", "Ada Envoy")));
        var role = (string value) => new Dictionary<string, object?> { ["role"] = value };

        var created = await ApplyAsync(Link("PARTICIPATES_IN", "ada-envoy", "kuala-lumpur-trade-talks", role("DELEGATE")));
        var same = await ApplyAsync(Link("PARTICIPATES_IN", "ada-envoy", "kuala-lumpur-trade-talks", role("DELEGATE")));
        var changed = await ApplyAsync(Link("PARTICIPATES_IN", "ada-envoy", "kuala-lumpur-trade-talks", role("ATTENDEE")));
        var removed = await ApplyAsync(new Disconnect("PARTICIPATES_IN", "ada-envoy", "kuala-lumpur-trade-talks"));

        Assert.Equal([WriteOutcome.Created, WriteOutcome.Unchanged, WriteOutcome.Updated, WriteOutcome.Deleted],
            new[] { created, same, changed, removed }.Select(r => r.Writes[0].Outcome));
        Assert.Equal("ATTENDEE", removed.Writes[0].Relationship!.Property("role"));
        var fact = FactKey.Of("PARTICIPATES_IN", "ada-envoy", "kuala-lumpur-trade-talks");
        Assert.Equal([ChangeKind.Deleted, ChangeKind.Updated, ChangeKind.Created],
            (await Store.GetHistoryAsync([fact], CancellationToken.None))[fact].Select(r => r.Change));
    }

    [SkippableFact]
    public async Task DeletingAnEntityWithRelationshipsNeedsDetach()
    {
        SkipUnlessAvailable();
        var refused = await RefusedAsync(new DeleteEntity("Official", "scott-bessent", Detach: false));
        Assert.Equal(WriteErrorCodes.WouldOrphan, Assert.Single(refused.Errors).Code);
        Assert.Contains("PARTICIPATES_IN", refused.Errors[0].Message, StringComparison.Ordinal);

        var deleted = await ApplyAsync(new DeleteEntity("Official", "scott-bessent", Detach: true));

        var applied = Assert.Single(deleted.Writes);
        Assert.Equal((WriteOutcome.Deleted, "Scott Bessent"), (applied.Outcome, applied.Entity!.Name));
        Assert.NotEmpty(applied.Detached!);
        Assert.Empty(await Store.GetEntitiesAsync(["scott-bessent"], CancellationToken.None));
        var meetings = await Store.ListRelatedAsync(new RelatedQuery(Model.Relationship("PARTICIPATES_IN"), Core.Model.Direction.Incoming,
            ["kuala-lumpur-trade-talks"], new PageRequest(First: 50)), CancellationToken.None);
        Assert.DoesNotContain(meetings["kuala-lumpur-trade-talks"].Items, i => i.Value.Entity.Key == "scott-bessent");
    }

    [SkippableFact]
    public async Task ACitedSourceCannotBeDeletedWithoutDetach()
    {
        SkipUnlessAvailable();
        var refused = await RefusedAsync(new DeleteEntity("Source", Report, Detach: false));

        Assert.Equal(WriteErrorCodes.WouldOrphan, Assert.Single(refused.Errors).Code);
        Assert.Contains("citations", refused.Errors[0].Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task CitingAnUnknownSourceIsNotFound()
    {
        SkipUnlessAvailable();
        var entity = Official("ada-envoy", "Ada Envoy") with { Sources = [new SourceReference("no-such-report", "¶1")] };

        var refused = await RefusedAsync(Upsert(entity));

        Assert.Equal((WriteErrorCodes.NotFound, "sources"), (refused.Errors[0].Code, refused.Errors[0].Path[0]));
    }

    [SkippableFact]
    public async Task ASourceListsTheFactsItSupportsPageByPage()
    {
        SkipUnlessAvailable();
        var expected = SeedDocument.Entities.Sum(e => e.Sources.Count(s => s.Source == Report))
            + SeedDocument.Relationships.Sum(r => r.Sources.Count(s => s.Source == Report));
        var seen = new List<CitedFact>();
        string? after = null;
        do
        {
            var page = (await Store.ListCitedFactsAsync([Report], new PageRequest(First: 40, After: after), CancellationToken.None))[Report];
            seen.AddRange(page.Items.Select(i => i.Value));
            after = page.HasNextPage ? page.Items[^1].Cursor : null;
        }
        while (after is not null);

        Assert.Equal(expected, seen.Count);
        Assert.All(seen, f => Assert.True((f.Entity is null) != (f.Relationship is null)));
        Assert.Contains(seen, f => f.Entity?.Key == "xi-jinping" && f.Locator == "¶3");
        Assert.Contains(seen, f => f.Relationship?.Type == "PARTICIPATES_IN");
    }

    [SkippableFact]
    public async Task ConcurrentWritersLoseNothingAndAReopenedStoreHasEveryWrite()
    {
        SkipUnlessAvailable();
        var writers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                await ApplyAsync(Upsert(Official($"writer-{w}-official-{i}", $"Official {w}.{i}")),
                    Link("PARTICIPATES_IN", $"writer-{w}-official-{i}", "kuala-lumpur-trade-talks"));
            }
        }));
        await Task.WhenAll(writers);

        var reopened = await ReopenAsync();
        var keys = Enumerable.Range(0, 6).SelectMany(w => Enumerable.Range(0, 15).Select(i => $"writer-{w}-official-{i}")).ToList();
        Assert.Equal(90, (await reopened.GetEntitiesAsync(keys, CancellationToken.None)).Count);
        var participants = await reopened.CountRelatedAsync(new RelatedQuery(Model.Relationship("PARTICIPATES_IN"), Core.Model.Direction.Incoming,
            ["kuala-lumpur-trade-talks"], new PageRequest()), CancellationToken.None);
        Assert.Equal(90 + SeedDocument.Relationships.Count(r => r.Type == "PARTICIPATES_IN" && r.To == "kuala-lumpur-trade-talks"),
            participants["kuala-lumpur-trade-talks"]);
    }
}
