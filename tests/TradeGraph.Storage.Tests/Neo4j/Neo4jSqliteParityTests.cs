using System.Text.Json;
using Microsoft.Data.Sqlite;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Writing;
using TradeGraph.Storage.Neo4j;
using TradeGraph.Storage.Neo4j.Writing;
using TradeGraph.Storage.Sqlite;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// The write rules are Core's (WriteRules), so what this compares is the two stores' write primitives: the same batches,
/// applied in the same order to the SQLite store and to the Neo4j store (on the fake), give the same outcomes, facts,
/// refusals (code, path, index, message), revisions and history, and leave the same graph — including what a detaching
/// delete of a cited Source takes with it.
/// </summary>
public sealed class Neo4jSqliteParityTests : IAsyncLifetime
{
    private const string Report = Neo4jFixtures.Report;
    private readonly string _folder = Directory.CreateTempSubdirectory("tradegraph-parity-").FullName;
    private SqliteGraphStore _sqlite = null!;
    private FakeNeo4j _fake = null!;
    private Neo4jGraphStore _neo4j = null!;

    public async Task InitializeAsync()
    {
        _sqlite = new SqliteGraphStore(new SqliteStoreOptions { Path = Path.Combine(_folder, "graph.db") }, Neo4jFixtures.Model);
        await _sqlite.InitializeAsync(CancellationToken.None);
        await _sqlite.ImportAsync(Neo4jFixtures.Seed, CancellationToken.None);
        (_fake, _neo4j) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Seed);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task EveryBatchHasTheSameResultOnBothStores()
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, writes) in Scenario())
        {
            var batch = new WriteBatch(writes, "parity");
            var expected = await OutcomeAsync(_sqlite.ApplyAsync, batch);
            var actual = await OutcomeAsync(_neo4j.ApplyAsync, batch);

            Assert.Equal($"{name}: {expected}", $"{name}: {actual}");
            touched.UnionWith(writes.SelectMany(Facts));
        }

        var sqliteHistory = await _sqlite.GetHistoryAsync(touched, CancellationToken.None);
        foreach (var fact in touched.Order(StringComparer.Ordinal))
        {
            Assert.Equal($"{fact}: {string.Join(" | ", sqliteHistory[fact].Select(Describe))}", $"{fact}: {string.Join(" | ", Neo4jHistory(fact).Select(Describe))}");
        }
    }

    [Fact]
    public async Task DeletingTheCitedSourceWithDetachLeavesTheSameGraph()
    {
        var mention = new Connect(new Relationship("MENTIONS", Report, "xi-jinping", new Dictionary<string, object?> { ["occurrences"] = 2L },
            [new(Report, "¶3:0-10")]), new HashSet<string> { "occurrences" });
        var wire = Neo4jFixtures.Entity("Source", "wire-1", "Wire", [], null, new() { ["language"] = "en" }, ("wire-1", "¶0"), (Report, "¶1"));
        var cited = new UpdateEntity("Official", "xi-jinping", null, null, false, null, new Dictionary<string, object?>(), [new("wire-1", "¶2")]);
        foreach (var writes in new GraphWrite[][] { [mention, new CreateEntity(wire, Upsert: false, new HashSet<string>()), cited], [new DeleteEntity("Source", Report, Detach: true)] })
        {
            var batch = new WriteBatch(writes, "parity");
            Assert.Equal(await OutcomeAsync(_sqlite.ApplyAsync, batch), await OutcomeAsync(_neo4j.ApplyAsync, batch));
        }

        var expected = await _sqlite.ExportAsync(CancellationToken.None);
        Assert.Equal(expected.Entities.Select(Neo4jFixtures.Describe),
            _fake.Nodes.Values.Select(n => FactValues.ReadNode(Neo4jFixtures.Model, n.Labels.ToList(), n.Read()).ToEntity())
                .OrderBy(e => e.Key, StringComparer.Ordinal).Select(Neo4jFixtures.Describe));
        Assert.Equal(expected.Relationships.Select(Neo4jFixtures.Describe),
            _fake.Relationships.Select(r => FactValues.ReadRelationship(Neo4jFixtures.Model.Relationship(r.Type), r.From, r.To, r.Read()).ToRelationship())
                .OrderBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.From, StringComparer.Ordinal).ThenBy(r => r.To, StringComparer.Ordinal)
                .Select(Neo4jFixtures.Describe));
    }

    private static IEnumerable<(string Name, GraphWrite[] Writes)> Scenario()
    {
        var cited = new SourceReference(Report, "¶3");
        Entity Official(string key, string name, string? title = null, params SourceReference[] sources) => new("Official", key, name, [], null,
            title is null ? PropertyValues.EmptyProperties : new Dictionary<string, object?> { ["title"] = title }, sources.Length == 0 ? [cited] : sources);
        CreateEntity Upsert(Entity entity) => new(entity, Upsert: true, new HashSet<string>(entity.Properties.Keys.Append("name").Append("aliases").Append("description")));
        Connect Link(string type, string from, string to, IReadOnlyDictionary<string, object?>? properties = null) =>
            new(new Relationship(type, from, to, properties ?? PropertyValues.EmptyProperties, [cited]), new HashSet<string>(properties?.Keys ?? []));
        UpdateEntity Update(string kind, string key, string? name) =>
            new(kind, key, name, null, false, null, PropertyValues.EmptyProperties, [], Editorial: true);
        var role = (string value) => new Dictionary<string, object?> { ["role"] = value };

        yield return ("create", [new CreateEntity(Official("ada-envoy", "Ada Envoy", "Trade envoy"), Upsert: false, new HashSet<string>())]);
        yield return ("create taken", [new CreateEntity(Official("scott-bessent", "Someone Else"), Upsert: false, new HashSet<string>())]);
        yield return ("upsert same", [Upsert(Official("ada-envoy", "Ada Envoy", "Trade envoy"))]);
        yield return ("upsert changed", [Upsert(Official("ada-envoy", "Ada Envoy", "Special envoy", new SourceReference(Report, "¶4"), cited))]);
        yield return ("update", [new UpdateEntity("Official", "scott-bessent", null, null, false, null,
            new Dictionary<string, object?> { ["title"] = "Treasury chief" }, [new(Report, "¶9")])]);
        yield return ("update missing", [Update("Official", "nobody-at-all", "X"), Update("Country", "scott-bessent", "X")]);
        yield return ("failed batch", [Upsert(Official("bea-envoy", "Bea Envoy")), Link("PARTICIPATES_IN", "bea-envoy", "kuala-lumpur-trade-talks"),
            Link("REPRESENTS", "bea-envoy", "atlantis")]);
        yield return ("wrong kind", [Link("PARTICIPATES_IN", "china", "kuala-lumpur-trade-talks")]);
        yield return ("single end", [Link("REPRESENTS", "scott-bessent", "china")]);
        yield return ("connect", [Link("PARTICIPATES_IN", "ada-envoy", "kuala-lumpur-trade-talks", role("DELEGATE"))]);
        yield return ("connect same", [Link("PARTICIPATES_IN", "ada-envoy", "kuala-lumpur-trade-talks", role("DELEGATE"))]);
        yield return ("connect changed", [Link("PARTICIPATES_IN", "ada-envoy", "kuala-lumpur-trade-talks", role("ATTENDEE"))]);
        yield return ("disconnect", [new Disconnect("PARTICIPATES_IN", "ada-envoy", "kuala-lumpur-trade-talks")]);
        yield return ("disconnect missing", [new Disconnect("PARTICIPATES_IN", "ada-envoy", "kuala-lumpur-trade-talks")]);
        yield return ("delete attached", [new DeleteEntity("Official", "scott-bessent", Detach: false)]);
        yield return ("delete detach", [new DeleteEntity("Official", "scott-bessent", Detach: true)]);
        yield return ("delete cited source", [new DeleteEntity("Source", Report, Detach: false)]);
        yield return ("unknown source", [Upsert(Official("cy-aide", "Cy Aide") with { Sources = [new SourceReference("no-such-report", "¶1")] })]);
        yield return ("half-cited create, then used", [
            Upsert(Official("eve-aide", "Eve Aide") with { Sources = [new SourceReference(Report, "¶1"), new SourceReference("no-such-report", "¶1")] }),
            Link("PARTICIPATES_IN", "eve-aide", "kuala-lumpur-trade-talks")]);
        yield return ("mentions any entity", [new Connect(new Relationship("MENTIONS", Report, "xi-jinping",
            new Dictionary<string, object?> { ["occurrences"] = 2L }, [new(Report, "¶3:0-10")]), new HashSet<string> { "occurrences" })]);
        yield return ("self-citing source", [new CreateEntity(Neo4jFixtures.Entity("Source", "wire-1", "Wire", [], null,
            new() { ["publishedOn"] = new DateOnly(2025, 10, 24) }, ("wire-1", "¶0")), Upsert: false, new HashSet<string>())]);
        yield return ("one fact three times", [
            new CreateEntity(Official("ben-aide", "Ben Aide", "Aide"), Upsert: false, new HashSet<string>()),
            Update("Official", "ben-aide", "Ben Aide-de-camp"),
            new CreateEntity(Official("ben-aide", "ignored") with { Description = "Carries the files." }, Upsert: true, new HashSet<string> { "description" })]);
        yield return ("clear fields", [new UpdateEntity("Meeting", "kuala-lumpur-trade-talks", null, ["KL talks"], SetDescription: true, null,
            new Dictionary<string, object?> { ["round"] = null, ["status"] = "COMPLETED" }, [new(Report, "¶5")])]);
        yield return ("delete self-citing source", [new DeleteEntity("Source", "wire-1", Detach: false), new DeleteEntity("Source", "wire-1", Detach: true)]);
        yield return ("delete source detach", [new DeleteEntity("Source", Report, Detach: true)]);
        yield return ("after the source", [new CreateEntity(Official("fay-aide", "Fay Aide") with { Sources = [] }, Upsert: false, new HashSet<string>(), Editorial: true)]);
    }

    /// <summary>What a batch did, as text: the refusals, or the revision and each write's outcome, fact and what it detached.</summary>
    private static async Task<string> OutcomeAsync(Func<WriteBatch, CancellationToken, Task<WriteResult>> apply, WriteBatch batch)
    {
        try
        {
            var result = await apply(batch, CancellationToken.None);
            return $"revision {result.Revision}; " + string.Join("; ", result.Writes.Select(w =>
                $"{w.Outcome} {Neo4jFixtures.Describe(w.Entity)} {Neo4jFixtures.Describe(w.Relationship)} "
                + $"detached [{string.Join(", ", (w.Detached ?? []).Select(Neo4jFixtures.Describe))}]"));
        }
        catch (GraphWriteException refused)
        {
            return "refused: " + string.Join("; ", refused.Errors.Select(e => $"#{e.Index} {e.Code} {string.Join("/", e.Path)} {e.Key} {e.Message}"));
        }
    }

    private static IEnumerable<string> Facts(GraphWrite write) => write switch
    {
        CreateEntity create => [create.Entity.Key],
        UpdateEntity update => [update.Key],
        DeleteEntity delete => [delete.Key],
        Connect connect => [FactKey.Of(connect.Relationship)],
        Disconnect disconnect => [FactKey.Of(disconnect.Type, disconnect.From, disconnect.To)],
        _ => [],
    };

    /// <summary>A fact's history as the Neo4j store keeps it, read back as the SQLite store reads its own: newest first.</summary>
    private List<Revision> Neo4jHistory(string fact) =>
        [.. _fake.History.Where(h => (string)h["fact"]! == fact)
            .OrderByDescending(h => (long)h["revision"]!).ThenByDescending(h => (long)h["seq"]!)
            .Select(h => new Revision((long)h["revision"]!, DateTimeOffset.Parse((string)h["at"]!, System.Globalization.CultureInfo.InvariantCulture),
                (string)h["actor"]!, Enum.Parse<ChangeKind>((string)h["change"]!),
                [.. JsonSerializer.Deserialize<string?[][]>((string)h["changes"]!)!.Select(c => new FieldChange(c[0]!, c[1], c[2]))],
                new Citations(FakeNeo4j.Strings(h["sourceKeys"]), FakeNeo4j.Strings(h["sourceLocators"]), FakeNeo4j.Strings(h["sourceNotes"])).ToSources(),
                (bool)h["editorial"]!))];

    private static string Describe(Revision revision) =>
        $"#{revision.Number} {revision.Actor} {revision.Change} editorial={revision.Editorial} "
        + $"changes=[{string.Join(", ", revision.Changes.Select(c => $"{c.Field}: {c.Previous ?? "∅"} → {c.Current ?? "∅"}"))}] "
        + $"sources=[{string.Join(" ", revision.Sources.Select(s => $"{s.Source}@{s.Locator ?? "(null)"}{(s.Inferred ? $" inferred: {s.Note}" : "")}"))}]";
}
