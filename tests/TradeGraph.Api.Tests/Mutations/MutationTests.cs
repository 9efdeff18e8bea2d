using System.Text.Json.Nodes;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Tests.Mutations;

/// <summary>
/// The generated mutations over HTTP, on an application of their own (they change the graph): outcomes, typed errors
/// with paths, all-or-nothing batches, history and provenance, and the change feed.
/// </summary>
public sealed class MutationTests(TradeGraphApplication application) : IClassFixture<TradeGraphApplication>
{
    private const string Report = "report-2025-10-23-us-china-kl-talks";
    private readonly HttpClient _client = application.CreateClient().WithKey(TestKeys.Writer);

    private async Task<JsonObject> MutateAsync(string field, string input, string selection)
    {
        var data = await _client.QueryAsync($"mutation {{ {field}(input: {input}) {{ {selection} }} }}");
        return data[field]!.AsObject();
    }

    private static string Cite(string locator) => $"sources: [{{ source: \"{Report}\", locator: \"{locator}\" }}]";

    [Fact]
    public async Task CreateReturnsTheStoredEntityWithItsCitation()
    {
        var payload = await MutateAsync("createOfficial",
            $"{{ key: \"ada-envoy\", name: \"Ada Envoy\", title: \"Trade envoy\", aliases: [\"Envoy Ada\"], {Cite("¶4")} }}",
            "official { key name title aliases sources { locator source { title } } } outcome errors { __typename }");

        Assert.Equal("CREATED", payload["outcome"]!.GetValue<string>());
        Assert.Null(payload["errors"]);
        Assert.Equal("Trade envoy", payload["official"]!["title"]!.GetValue<string>());
        Assert.Equal("¶4", payload["official"]!["sources"]![0]!["locator"]!.GetValue<string>());
        var read = await _client.QueryAsync("{ officials(where: { key: { eq: \"ada-envoy\" } }) { nodes { name } } }");
        Assert.Equal("Ada Envoy", read["officials"]!["nodes"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnInferredCitationIsWrittenReadAndFilteredOnAndCitingThePlaceAgainReplacesIt()
    {
        var inferred = $"sources: [{{ source: \"{Report}\", locator: \"¶2\", inferred: true, note: \"From the title.\" }}]";
        const string Selection = "outcome official { sources { locator inferred note } } errors { __typename }";

        var created = await MutateAsync("upsertOfficial", $"{{ key: \"inferred-envoy\", name: \"Inferred Envoy\", {inferred} }}", Selection);
        var again = await MutateAsync("upsertOfficial", $"{{ key: \"inferred-envoy\", name: \"Inferred Envoy\", {inferred} }}", Selection);
        var stated = await MutateAsync("upsertOfficial", $"{{ key: \"inferred-envoy\", name: \"Inferred Envoy\", {Cite("¶2")} }}", Selection);

        Assert.Equal(("CREATED", "UNCHANGED", "UPDATED"),
            (created["outcome"]!.GetValue<string>(), again["outcome"]!.GetValue<string>(), stated["outcome"]!.GetValue<string>()));
        Assert.Equal("""[{"locator":"¶2","inferred":true,"note":"From the title."}]""", created["official"]!["sources"]!.ToJsonString(Json));
        Assert.Equal("""[{"locator":"¶2","inferred":false,"note":null}]""", stated["official"]!["sources"]!.ToJsonString(Json));

        // The seed's officials: Xi's entity is cited only by statements, the Treasury by inference from a title.
        var read = await _client.QueryAsync("""
            {
              statedOnly: officials(where: { key: { in: ["xi-jinping", "scott-bessent"] }, sources: { none: { inferred: { eq: true } } } }) { nodes { key } }
              inferredSome: organizations(where: { sources: { some: { inferred: { eq: true } } } }, order: [{ key: ASC }]) { nodes { key } }
            }
            """);
        Assert.Equal("""[{"key":"xi-jinping"}]""", read["statedOnly"]!["nodes"]!.ToJsonString());
        Assert.Equal("""[{"key":"office-of-the-us-trade-representative"},{"key":"us-department-of-the-treasury"}]""", read["inferredSome"]!["nodes"]!.ToJsonString());
    }

    private static readonly System.Text.Json.JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task UpsertIsIdempotent()
    {
        var input = $"{{ key: \"upsert-commodity\", name: \"Rare earth magnets\", category: \"Minerals\", {Cite("¶2")} }}";

        var first = await MutateAsync("upsertCommodity", input, "outcome commodity { key }");
        var second = await MutateAsync("upsertCommodity", input, "outcome commodity { key }");

        Assert.Equal(("CREATED", "UNCHANGED"), (first["outcome"]!.GetValue<string>(), second["outcome"]!.GetValue<string>()));
        var count = await _client.QueryAsync("{ commodities(where: { key: { eq: \"upsert-commodity\" } }) { totalCount } }");
        Assert.Equal(1, count["commodities"]!["totalCount"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("createOfficial", "{ key: \"scott-bessent\", name: \"Not Bessent\", editorial: true }", "KeyConflictError", "input,key")]
    [InlineData("createOfficial", "{ key: \"no-source-official\", name: \"Nobody\" }", "SourceRequiredError", "input,sources")]
    [InlineData("createOfficial", "{ key: \"Bad Key\", name: \"Nobody\", editorial: true }", "InvalidValueError", "input,key")]
    [InlineData("createOfficial", "{ key: \"blank-name\", name: \" \", editorial: true }", "RequiredFieldError", "input,name")]
    [InlineData("updateCountry", "{ key: \"atlantis\", name: \"Atlantis\", editorial: true }", "NotFoundError", "input,key")]
    [InlineData("updateCountry", "{ key: \"china\", isoCode: null, editorial: true }", "RequiredFieldError", "input,isoCode")]
    [InlineData("connectParticipatesIn", "{ from: \"china\", to: \"kuala-lumpur-trade-talks\", editorial: true }", "RelationshipNotAllowedError", "input,from")]
    [InlineData("connectRepresents", "{ from: \"scott-bessent\", to: \"china\", editorial: true }", "CardinalityExceededError", "input,to")]
    [InlineData("deleteOfficial", "{ key: \"xi-jinping\" }", "WouldOrphanError", "input,key")]
    [InlineData("createOfficial", "{ key: \"unknown-source\", name: \"X\", sources: [{ source: \"no-such-report\" }] }", "NotFoundError", "input,sources")]
    [InlineData("createOfficial", "{ key: \"no-note\", name: \"X\", sources: [{ source: \"report-2025-10-23-us-china-kl-talks\", locator: \"¶2\", inferred: true }] }", "InvalidValueError", "input,sources")]
    [InlineData("createOfficial", "{ key: \"stray-note\", name: \"X\", sources: [{ source: \"report-2025-10-23-us-china-kl-talks\", locator: \"¶2\", note: \"Why\" }] }", "InvalidValueError", "input,sources")]
    public async Task ARefusedWriteAnswersWithATypedErrorAndChangesNothing(string mutation, string input, string errorType, string path)
    {
        var before = await _client.QueryAsync("{ officials { totalCount } countries { totalCount } }");

        var payload = await MutateAsync(mutation, input, "outcome errors { __typename ... on Error { code message path } }");

        Assert.Null(payload["outcome"]);
        var error = Assert.Single(payload["errors"]!.AsArray())!;
        Assert.Equal(errorType, error["__typename"]!.GetValue<string>());
        Assert.Equal(path, string.Join(",", error["path"]!.AsArray().Select(p => p!.GetValue<string>())));
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
        Assert.Equal(before.ToJsonString(), (await _client.QueryAsync("{ officials { totalCount } countries { totalCount } }")).ToJsonString());
    }

    [Fact]
    public async Task ABadDateIsAClearErrorNotAServerError()
    {
        var response = await _client.PostAsync(
            "mutation { createMeeting(input: { key: \"bad-date\", name: \"X\", startsOn: \"2025-13-40\", editorial: true }) { outcome } }");

        var error = response["errors"]![0]!;
        Assert.Contains("startsOn", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(response["data"]);
    }

    [Fact]
    public async Task AFailedBatchChangesNothingAndSaysWhichChange()
    {
        var payload = await MutateAsync("applyChanges", $$"""
            { changes: [
                { upsertOfficial: { key: "batch-official", name: "Batch Official", {{Cite("¶5")}} } },
                { connectParticipatesIn: { from: "batch-official", to: "kuala-lumpur-trade-talks", role: DELEGATE, {{Cite("¶5")}} } },
                { connectRepresents: { from: "batch-official", to: "atlantis", editorial: true } }
            ] }
            """, "results { outcome } revision errors { ... on Error { code path } }");

        Assert.Null(payload["results"]);
        Assert.Null(payload["revision"]);
        var error = Assert.Single(payload["errors"]!.AsArray())!;
        Assert.Equal("NOT_FOUND", error["code"]!.GetValue<string>());
        Assert.Equal("input,changes,2,connectRepresents,to", string.Join(",", error["path"]!.AsArray().Select(p => p!.GetValue<string>())));
        var read = await _client.QueryAsync("{ officials(where: { key: { eq: \"batch-official\" } }) { totalCount } }");
        Assert.Equal(0, read["officials"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task ABatchAppliesEveryChangeInOneRevision()
    {
        var payload = await MutateAsync("applyChanges", $$"""
            { changes: [
                { upsertOfficial: { key: "batch-delegate", name: "Batch Delegate", {{Cite("¶6")}} } },
                { connectParticipatesIn: { from: "batch-delegate", to: "kuala-lumpur-trade-talks", role: DELEGATE, {{Cite("¶6")}} } },
                { connectRepresents: { from: "batch-delegate", to: "united-states", {{Cite("¶6")}} } }
            ] }
            """, "revision results { outcome node { id } relationship { type ... on ParticipatesIn { role from { name } to { name } } } } errors { __typename }");

        Assert.Null(payload["errors"]);
        Assert.True(payload["revision"]!.GetValue<long>() > 0);
        var results = payload["results"]!.AsArray();
        Assert.Equal(["CREATED", "CREATED", "CREATED"], results.Select(r => r!["outcome"]!.GetValue<string>()));
        Assert.Equal("DELEGATE", results[1]!["relationship"]!["role"]!.GetValue<string>());
        Assert.Equal("Batch Delegate", results[1]!["relationship"]!["from"]!["name"]!.GetValue<string>());
        var read = await _client.QueryAsync("{ officials(where: { key: { eq: \"batch-delegate\" } }) { nodes { country { key } meetings { nodes { key } } } } }");
        Assert.Equal("united-states", read["officials"]!["nodes"]![0]!["country"]!["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUpdateIsKeptInHistoryWithWhoWhenAndThePreviousValue()
    {
        await MutateAsync("upsertTopic", $"{{ key: \"history-topic\", name: \"Fentanyl\", {Cite("¶7")} }}", "outcome");
        await MutateAsync("updateTopic", "{ key: \"history-topic\", description: \"Precursor chemicals\", editorial: true }", "outcome");

        var read = await _client.QueryAsync("""
            { topics(where: { key: { eq: "history-topic" } }) { nodes { history { revision actor change editorial at changes { field previous current } sources { locator } } } } }
            """);

        var history = read["topics"]!["nodes"]![0]!["history"]!.AsArray();
        Assert.Equal(["UPDATED", "CREATED"], history.Select(h => h!["change"]!.GetValue<string>()));
        Assert.All(history, h => Assert.Equal("test-writer", h!["actor"]!.GetValue<string>()));
        Assert.True(history[0]!["revision"]!.GetValue<long>() > history[1]!["revision"]!.GetValue<long>());
        Assert.True(history[0]!["editorial"]!.GetValue<bool>());
        var change = Assert.Single(history[0]!["changes"]!.AsArray())!;
        Assert.Equal(("description", null, "\"Precursor chemicals\""),
            (change["field"]!.GetValue<string>(), change["previous"]?.GetValue<string>(), change["current"]!.GetValue<string>()));
        Assert.Equal("¶7", history[1]!["sources"]![0]!["locator"]!.GetValue<string>());
    }

    [Fact]
    public async Task ASourceListsTheFactsItSupports()
    {
        var read = await _client.QueryAsync($$"""
            { sources(where: { key: { eq: "{{Report}}" } }) { nodes { supports(first: 50) { nodes { locator node { id ... on Official { key } } relationship { type } } pageInfo { hasNextPage endCursor } } } } }
            """);

        var supports = read["sources"]!["nodes"]![0]!["supports"]!;
        var facts = supports["nodes"]!.AsArray();
        Assert.Equal(50, facts.Count);
        Assert.True(supports["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.All(facts, f => Assert.True(f!["node"] is null != f["relationship"] is null));
        var after = supports["pageInfo"]!["endCursor"]!.GetValue<string>();
        var next = await _client.QueryAsync($$"""{ sources { nodes { supports(first: 50, after: "{{after}}") { nodes { locator } } } } }""");
        Assert.NotEmpty(next["sources"]!["nodes"]![0]!["supports"]!["nodes"]!.AsArray());
    }

    [Fact]
    public async Task DeleteWithDetachRemovesTheEntityAndItsRelationships()
    {
        await MutateAsync("applyChanges", $$"""
            { changes: [
                { upsertOfficial: { key: "short-lived", name: "Short Lived", editorial: true } },
                { connectParticipatesIn: { from: "short-lived", to: "trump-xi-meeting", editorial: true } }
            ] }
            """, "revision");

        var payload = await MutateAsync("deleteOfficial", "{ key: \"short-lived\", detach: true }", "outcome official { name } errors { __typename }");

        Assert.Equal(("DELETED", "Short Lived"), (payload["outcome"]!.GetValue<string>(), payload["official"]!["name"]!.GetValue<string>()));
        var read = await _client.QueryAsync("{ meetings(where: { key: { eq: \"trump-xi-meeting\" } }) { nodes { participants(first: 50) { nodes { key } } } } }");
        Assert.DoesNotContain(read["meetings"]!["nodes"]![0]!["participants"]!["nodes"]!.AsArray(), n => n!["key"]!.GetValue<string>() == "short-lived");
    }

    [Fact]
    public async Task EveryCommittedChangeIsPublishedOnceAfterCommit()
    {
        var feed = application.Services.GetRequiredService<IGraphChangeFeed>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var changes = feed.SubscribeAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        var next = changes.MoveNextAsync();

        await MutateAsync("upsertPlace", "{ key: \"feed-place\", name: \"Gyeongju\", category: CITY, editorial: true }", "outcome");
        await MutateAsync("upsertPlace", "{ key: \"feed-place\", name: \"Gyeongju\", category: CITY, editorial: true }", "outcome");
        await MutateAsync("updatePlace", "{ key: \"feed-place\", description: \"Host city\", editorial: true }", "outcome");

        Assert.True(await next);
        Assert.Equal((ChangeKind.Created, "feed-place", "test-writer"), (changes.Current.Change, changes.Current.Key, changes.Current.Actor));
        Assert.True(await changes.MoveNextAsync());
        // The unchanged upsert published nothing: the next change is the update.
        Assert.Equal((ChangeKind.Updated, "Host city"), (changes.Current.Change, changes.Current.Entity!.Description));
    }
}
