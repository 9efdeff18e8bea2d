using TradeGraph.Core.Graph;
using TradeGraph.Core.Writing;
using TradeGraph.Storage.Neo4j;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// ApplyAsync on Neo4j, on the fake loaded with the tiny document: the statements each write kind sends (snapshots),
/// its outcome and the fact as stored, history, and every refusal with its code, path, index and message — after which
/// the transaction is rolled back and no revision is opened.
/// </summary>
public sealed class Neo4jWriteTests
{
    private static readonly SourceReference Memo9 = new("memo", "¶9");

    [Fact]
    public async Task CreatingAnEntityMatchesTheSnapshot()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        var entity = Neo4jFixtures.Entity("Official", "cy-aide", "Cy Aide", ["Cy", "Cyrano"], null, new() { ["title"] = "Aide" }, ("memo", "¶9"));

        var result = await ApplyAsync(store, new CreateEntity(entity, Upsert: false, new HashSet<string>()));

        var applied = Assert.Single(result.Writes);
        Assert.Equal((WriteOutcome.Created, 1L, Neo4jFixtures.At), (applied.Outcome, result.Revision, result.CommittedAt));
        Assert.Equal(Neo4jFixtures.Describe(entity), Neo4jFixtures.Describe(applied.Entity));
        var history = Assert.Single(fake.History);
        Assert.Equal("""[["name",null,"\u0022Cy Aide\u0022"],["aliases",null,"[\u0022Cy\u0022,\u0022Cyrano\u0022]"],["title",null,"\u0022Aide\u0022"]]""",
            history["changes"]);
        fake.Transcript().MatchSnapshot();
    }

    [Fact]
    public async Task UpsertingGivenFieldsMatchesTheSnapshotAndTheSameInputAgainIsUnchanged()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        var entity = Neo4jFixtures.Entity("Official", "ada-envoy", "ignored", [], "Envoy, now minister.", new() { ["title"] = "Minister" }, ("memo", "¶9"));
        var upsert = new CreateEntity(entity, Upsert: true, new HashSet<string> { "description", "title" });

        var first = await ApplyAsync(store, upsert);
        var transcript = fake.Transcript();
        fake.ClearRequests();
        var second = await ApplyAsync(store, upsert);

        Assert.Equal((WriteOutcome.Updated, 1L), (first.Writes[0].Outcome, first.Revision));
        var stored = first.Writes[0].Entity!;
        Assert.Equal(("Ada Envoy", "Envoy, now minister.", "Minister"), (stored.Name, stored.Description, stored.Property("title")));
        Assert.Equal([new("memo", "¶1"), new("memo", "¶2"), Memo9], stored.Sources);
        Assert.Equal((WriteOutcome.Unchanged, 0L), (second.Writes[0].Outcome, second.Revision));
        Assert.DoesNotContain(fake.Statements, s => s.Text.Contains("_TGHistory", StringComparison.Ordinal) || s.Text.Contains("MERGE (n:", StringComparison.Ordinal));
        Assert.Single(fake.History);
        transcript.MatchSnapshot();
    }

    [Fact]
    public async Task UpdatingClearsWhatIsGivenAsNullAndMatchesTheSnapshot()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        var update = new UpdateEntity("Meeting", "atlantis-talks", null, ["Atlantis round"], SetDescription: true, "First round.",
            new Dictionary<string, object?> { ["round"] = null, ["status"] = "COMPLETED" }, [Memo9]);

        var result = await ApplyAsync(store, update);

        var stored = result.Writes[0].Entity!;
        Assert.Equal(WriteOutcome.Updated, result.Writes[0].Outcome);
        Assert.Null(stored.Property("round"));
        Assert.Equal(("COMPLETED", new DateOnly(2025, 10, 25)), (stored.Property("status"), stored.Property("startsOn")));
        Assert.False(fake.Nodes["atlantis-talks"].Properties.ContainsKey("round"));
        Assert.Equal("Atlantis round", fake.Nodes["atlantis-talks"].Properties["aliasesText"]);
        Assert.Equal("""[["aliases","[]","[\u0022Atlantis round\u0022]"],["description",null,"\u0022First round.\u0022"],["status",null,"\u0022COMPLETED\u0022"],["round","1",null]]""",
            Assert.Single(fake.History)["changes"]);
        fake.Transcript().MatchSnapshot();
    }

    [Fact]
    public async Task DeletingWithDetachMatchesTheSnapshotAndReportsWhatWentWithIt()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);

        var result = await ApplyAsync(store, new DeleteEntity("Official", "ada-envoy", Detach: true));

        var applied = Assert.Single(result.Writes);
        Assert.Equal(WriteOutcome.Deleted, applied.Outcome);
        Assert.Equal(Neo4jFixtures.Describe(Neo4jFixtures.Tiny.Entities.Single(e => e.Key == "ada-envoy")), Neo4jFixtures.Describe(applied.Entity));
        Assert.Equal(["MENTIONS(memo,ada-envoy)", "PARTICIPATES_IN(ada-envoy,atlantis-talks)", "REPRESENTS(ada-envoy,atlantis)"],
            applied.Detached!.Select(FactKey.Of));
        Assert.All(applied.Detached!, r => Assert.Empty(r.Sources));
        Assert.DoesNotContain("ada-envoy", fake.Nodes.Keys);
        Assert.DoesNotContain(fake.Relationships, r => r.From == "ada-envoy" || r.To == "ada-envoy");
        Assert.Equal(["MENTIONS(memo,ada-envoy)", "PARTICIPATES_IN(ada-envoy,atlantis-talks)", "REPRESENTS(ada-envoy,atlantis)", "ada-envoy"],
            fake.History.Select(h => h["fact"]));
        Assert.All(fake.History, h => Assert.Equal(("Deleted", true), (h["change"], h["editorial"])));
        fake.Transcript().MatchSnapshot();
    }

    [Fact]
    public async Task DeletingASourceWithDetachRemovesItsCitationsEverywhere()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        var other = Neo4jFixtures.Entity("Source", "wire", "Wire", [], null, new(), ("wire", null));
        await ApplyAsync(store, new CreateEntity(other, Upsert: false, new HashSet<string>()),
            new UpdateEntity("Official", "ada-envoy", null, null, false, null, new Dictionary<string, object?>(), [new("wire", "¶1")]));
        fake.ClearRequests();

        var result = await ApplyAsync(store, new DeleteEntity("Source", "memo", Detach: true));

        Assert.Equal(WriteOutcome.Deleted, result.Writes[0].Outcome);
        Assert.Equal(["MENTIONS(memo,ada-envoy)"], result.Writes[0].Detached!.Select(FactKey.Of));
        Assert.Equal(["wire"], FakeNeo4j.Strings(fake.Nodes["ada-envoy"].Properties["sourceKeys"]));
        Assert.Equal(["¶1"], FakeNeo4j.Strings(fake.Nodes["ada-envoy"].Properties["sourceLocators"]));
        Assert.Empty(FakeNeo4j.Strings(fake.Nodes["atlantis"].Properties["sourceKeys"]));
        Assert.All(fake.Relationships, r => Assert.Empty(FakeNeo4j.Strings(r.Properties["sourceKeys"])));
        fake.Transcript().MatchSnapshot();
    }

    [Fact]
    public async Task ConnectingMatchesTheSnapshotAndConnectingAgainMergesProperties()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        var connect = (string role, SourceReference source) => new Connect(
            new Relationship("PARTICIPATES_IN", "bo-minister", "atlantis-talks", new Dictionary<string, object?> { ["role"] = role }, [source]),
            new HashSet<string> { "role" });
        var mentions = new Connect(new Relationship("MENTIONS", "memo", "atlantis", new Dictionary<string, object?> { ["occurrences"] = 3L },
            [new("memo", "¶1:4-12")]), new HashSet<string> { "occurrences" });

        var created = await ApplyAsync(store, mentions);
        var transcript = fake.Transcript();
        var updated = await ApplyAsync(store, connect("DELEGATE", new("memo", "¶3")));
        var same = await ApplyAsync(store, connect("DELEGATE", new("memo", "¶3")));

        Assert.Equal((WriteOutcome.Created, "MENTIONS(memo,atlantis) {occurrences: 3 (Int64)} sources=[memo@¶1:4-12]"),
            (created.Writes[0].Outcome, Neo4jFixtures.Describe(created.Writes[0].Relationship)));
        Assert.Equal((WriteOutcome.Updated, "DELEGATE"), (updated.Writes[0].Outcome, updated.Writes[0].Relationship!.Property("role")));
        Assert.Equal((WriteOutcome.Unchanged, 0L), (same.Writes[0].Outcome, same.Revision));
        Assert.Equal([1L, 2L], fake.History.Select(h => h["revision"]));
        Assert.Equal("""[["role",null,"\u0022DELEGATE\u0022"]]""", fake.History[1]["changes"]);
        transcript.MatchSnapshot();
    }

    [Fact]
    public async Task DisconnectingMatchesTheSnapshot()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);

        var result = await ApplyAsync(store, new Disconnect("PARTICIPATES_IN", "ada-envoy", "atlantis-talks"));

        var applied = Assert.Single(result.Writes);
        Assert.Equal((WriteOutcome.Deleted, "PARTICIPATES_IN(ada-envoy,atlantis-talks) {role: DELEGATION_LEAD (String)} sources=[]"),
            (applied.Outcome, Neo4jFixtures.Describe(applied.Relationship)));
        Assert.DoesNotContain(fake.Relationships, r => r.Type == "PARTICIPATES_IN" && r.From == "ada-envoy");
        Assert.Equal("""[["role","\u0022DELEGATION_LEAD\u0022",null]]""", Assert.Single(fake.History)["changes"]);
        fake.Transcript().MatchSnapshot();
    }

    [Fact]
    public async Task ABatchThatChangesAFactTwiceRecordsBothInOneRevisionAndReturnsTheFinalState()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        var entity = Neo4jFixtures.Entity("Official", "cy-aide", "Cy Aide", [], null, new(), ("memo", "¶9"));

        var result = await ApplyAsync(store, new CreateEntity(entity, Upsert: false, new HashSet<string>()),
            new UpdateEntity("Official", "cy-aide", "Cy Aide-de-camp", null, false, null, new Dictionary<string, object?>(), [], Editorial: true));

        Assert.Equal([WriteOutcome.Created, WriteOutcome.Updated], result.Writes.Select(w => w.Outcome));
        Assert.All(result.Writes, w => Assert.Equal("Cy Aide-de-camp", w.Entity!.Name));
        Assert.Equal([(1L, 0L, "Created"), (1L, 1L, "Updated")], fake.History.Select(h => ((long)h["revision"]!, (long)h["seq"]!, (string)h["change"]!)));
    }

    [Fact]
    public async Task EveryRefusalIsReportedWithCodePathAndIndexAndTheBatchIsRolledBack()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        var link = (string type, string from, string to) => new Connect(new Relationship(type, from, to, new Dictionary<string, object?>(), [Memo9]),
            new HashSet<string>());
        var writes = new GraphWrite[]
        {
            new CreateEntity(Neo4jFixtures.Entity("Official", "cy-aide", "Cy Aide", [], null, new(), ("memo", "¶9")), Upsert: false, new HashSet<string>()),
            new UpdateEntity("Official", "nobody", "X", null, false, null, new Dictionary<string, object?>(), [], Editorial: true),
            new UpdateEntity("Country", "ada-envoy", "X", null, false, null, new Dictionary<string, object?>(), [], Editorial: true),
            new CreateEntity(Neo4jFixtures.Entity("Official", "atlantis", "Someone", [], null, new(), ("memo", null)), Upsert: false, new HashSet<string>()),
            new CreateEntity(Neo4jFixtures.Entity("Official", "atlantis", "Someone", [], null, new(), ("memo", null)), Upsert: true, new HashSet<string>()),
            link("REPRESENTS", "cy-aide", "lemuria"),
            link("PARTICIPATES_IN", "atlantis", "atlantis-talks"),
            new CreateEntity(Neo4jFixtures.Entity("Country", "lemuria", "Lemuria", [], null, new() { ["isoCode"] = "LM" }, ("memo", null)),
                Upsert: false, new HashSet<string>()),
            link("REPRESENTS", "ada-envoy", "lemuria"),
            link("REPRESENTS", "bo-minister", "atlantis"),
            link("REPRESENTS", "bo-minister", "lemuria"),
            new DeleteEntity("Official", "ada-envoy", Detach: false),
            new DeleteEntity("Source", "memo", Detach: false),
            new CreateEntity(Neo4jFixtures.Entity("Official", "dee-aide", "Dee Aide", [], null, new(), ("memo", "¶1"), ("no-such-report", "¶1")),
                Upsert: false, new HashSet<string>()),
            new Disconnect("PARTICIPATES_IN", "bo-minister", "atlantis-talks"),
            new Disconnect("REPRESENTS", "bo-minister", "lemuria"),
        };

        var refused = await Assert.ThrowsAsync<GraphWriteException>(() => ApplyAsync(store, writes));

        Assert.Equal(
            [
                (1, "NOT_FOUND", "key", "No Official has the key 'nobody'."),
                (2, "NOT_FOUND", "key", "No Country has the key 'ada-envoy'."),
                (3, "KEY_CONFLICT", "key", "The key 'atlantis' is taken by a Country; update it, upsert it, or choose another key."),
                (4, "KEY_CONFLICT", "key", "The key 'atlantis' is taken by a Country; it cannot become a Official."),
                (5, "NOT_FOUND", "to", "No entity has the key 'lemuria'."),
                (6, "RELATIONSHIP_NOT_ALLOWED", "from", "PARTICIPATES_IN goes from a Official to a Meeting; 'atlantis' is a Country."),
                (8, "CARDINALITY_EXCEEDED", "to",
                    "'ada-envoy' already has a REPRESENTS relationship (with 'atlantis') and country is a single value; disconnect that one first."),
                (10, "CARDINALITY_EXCEEDED", "to",
                    "'bo-minister' already has a REPRESENTS relationship (with 'atlantis') and country is a single value; disconnect that one first."),
                (11, "WOULD_ORPHAN", "key",
                    "'ada-envoy' still has MENTIONS ×1, PARTICIPATES_IN ×1, REPRESENTS ×1; disconnect them first, or delete with detach: true."),
                (12, "WOULD_ORPHAN", "key", "'memo' still has MENTIONS ×1, 14 citations of it; disconnect them first, or delete with detach: true."),
                (13, "NOT_FOUND", "sources", "No Source has the key 'no-such-report'; create the Source first."),
                (15, "NOT_FOUND", "to", "There is no REPRESENTS relationship from 'bo-minister' to 'lemuria'."),
            ],
            refused.Errors.Select(e => (e.Index, e.Code, string.Join("/", e.Path), e.Message)));
        Assert.StartsWith("ROLLBACK", fake.Requests[^1].Where, StringComparison.Ordinal);
        Assert.DoesNotContain(fake.Statements, s => s.Text.Contains("_TGHistory", StringComparison.Ordinal) || s.Text.Contains("coalesce(m.value", StringComparison.Ordinal));
        Assert.Empty(fake.History);
        Assert.DoesNotContain("cy-aide", fake.Nodes.Keys);
        Assert.Equal(Neo4jFixtures.Tiny.Relationships.Count, fake.Relationships.Count);
    }

    [Fact]
    public async Task ARefusedBatchIsRolledBackWholeAndMatchesTheSnapshot()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);

        await Assert.ThrowsAsync<GraphWriteException>(() => ApplyAsync(store,
            new Connect(new Relationship("REPRESENTS", "bo-minister", "atlantis", new Dictionary<string, object?>(), [Memo9]), new HashSet<string>()),
            new Disconnect("HELD_IN", "atlantis-talks", "atlantis")));

        fake.Transcript().MatchSnapshot();
    }

    [Fact]
    public async Task AFailureNeo4jReportsRollsTheBatchBackAndReachesTheCaller()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        fake.FailOn = ("DETACH DELETE", new Neo4jQueryException("Neo.TransientError.Transaction.DeadlockDetected", "deadlock", 400));

        var error = await Assert.ThrowsAsync<Neo4jQueryException>(() => ApplyAsync(store, new DeleteEntity("Official", "bo-minister", Detach: true)));

        Assert.True(error.IsTransient);
        Assert.StartsWith("ROLLBACK", fake.Requests[^1].Where, StringComparison.Ordinal);
        Assert.Contains("bo-minister", fake.Nodes.Keys);
        Assert.Equal(Neo4jFixtures.Tiny.Relationships.Count, fake.Relationships.Count);
    }

    [Fact]
    public async Task NoValueEverReachesTheCypherText()
    {
        const string Hostile = "x`) DETACH DELETE n //";
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        var source = Neo4jFixtures.Entity("Source", Hostile + "src", Hostile, [Hostile], Hostile, new() { ["url"] = Hostile }, (Hostile + "src", Hostile));
        var official = Neo4jFixtures.Entity("Official", Hostile, Hostile + "'\"\\", [Hostile, "}{"], Hostile, new() { ["title"] = Hostile },
            (Hostile + "src", Hostile));
        var document = new GraphDocument([source, official],
            [Neo4jFixtures.Relationship("HOLDS_POST", Hostile, Hostile + "org", new() { ["title"] = Hostile }, (Hostile + "src", Hostile))]);

        await store.ImportAsync(new GraphDocument([.. document.Entities,
            Neo4jFixtures.Entity("Organization", Hostile + "org", Hostile, [], null, new(), (Hostile + "src", Hostile))], document.Relationships),
            CancellationToken.None);
        await store.ApplyAsync(new WriteBatch(
            [
                new CreateEntity(official with { Key = Hostile + "2" }, Upsert: true, new HashSet<string> { "name" }),
                new UpdateEntity("Official", Hostile, Hostile, [Hostile], true, Hostile, new Dictionary<string, object?> { ["title"] = Hostile }, [new(Hostile + "src", Hostile)]),
                new Connect(new Relationship("PARTICIPATES_IN", Hostile, "atlantis-talks", new Dictionary<string, object?>(), [new(Hostile + "src", Hostile)]),
                    new HashSet<string>()),
                new Disconnect("HOLDS_POST", Hostile, Hostile + "org"),
                new DeleteEntity("Source", Hostile + "src", Detach: true),
                new DeleteEntity("Official", Hostile, Detach: true),
            ], Hostile), CancellationToken.None);
        await Assert.ThrowsAsync<GraphWriteException>(() => store.ApplyAsync(new WriteBatch(
            [new UpdateEntity("Official", Hostile + "missing", Hostile, null, false, null, new Dictionary<string, object?>(), [])], Hostile), CancellationToken.None));

        Assert.NotEmpty(fake.Statements);
        Assert.All(fake.Statements, s =>
        {
            Assert.DoesNotContain(Hostile, s.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("x`", s.Text, StringComparison.Ordinal);
        });
        Assert.Contains(fake.Statements, s => FakeNeo4j.Literal(s.Parameters).Contains("x`) DETACH DELETE n //", StringComparison.Ordinal));
        Assert.Equal(Hostile, fake.History.Last()["actor"]);
    }

    [Fact]
    public async Task AKeyLimitedToSourcesReachesNoOtherKindThroughAnAnyEntityEndOrADetach()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        var sourcesOnly = new KindScope(new HashSet<string> { "Source" });
        var mentions = new Connect(new Relationship("MENTIONS", "memo", "bo-minister", new Dictionary<string, object?>(), []), new HashSet<string>(), Editorial: true);
        var relationships = fake.Relationships.Count;

        var refused = await Assert.ThrowsAsync<GraphWriteException>(() => store.ApplyAsync(
            new WriteBatch([mentions, new DeleteEntity("Source", "memo", Detach: true)], "sources-only", sourcesOnly), CancellationToken.None));

        Assert.Equal([(WriteErrorCodes.Forbidden, 0), (WriteErrorCodes.Forbidden, 1)], refused.Errors.Select(e => (e.Code, e.Index)));
        Assert.Contains("Official", refused.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("Country", refused.Errors[1].Message, StringComparison.Ordinal);
        Assert.True(fake.Nodes.ContainsKey("memo"));
        Assert.Equal(relationships, fake.Relationships.Count);
    }

    private static Task<WriteResult> ApplyAsync(Neo4jGraphStore store, params GraphWrite[] writes) =>
        store.ApplyAsync(new WriteBatch(writes, "writer-test"), CancellationToken.None);
}
