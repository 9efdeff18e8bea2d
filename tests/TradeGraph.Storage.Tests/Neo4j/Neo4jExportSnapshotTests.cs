using TradeGraph.Core.Graph;
using TradeGraph.Core.Model;
using TradeGraph.Core.Storage;
using TradeGraph.Core.Writing;
using TradeGraph.Storage.Neo4j;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;
using static TradeGraph.Storage.Tests.Neo4j.RecordingRunner;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// The export on Neo4j is read optimistically (Neo4j reads are read-committed, one statement is no snapshot): the
/// committed-write count before and after each read, re-read when a write committed or the document breaks the
/// <see cref="DocumentReferences"/> rule, refused with a clear error after the configured attempts. Scripted answers
/// stand for what a server would return while writes commit mid-scan; every statement is a read (no writer waits).
/// </summary>
public sealed class Neo4jExportSnapshotTests
{
    private static readonly GraphModel Model = CypherGoldenCases.Model;

    private static readonly string[] ExportColumns = [CypherReads.Labels, CypherReads.Properties, CypherReads.Type, CypherReads.FromKey, CypherReads.ToKey];

    private static readonly string CountText = WriteStatements.CommittedWrites().Text;

    private static readonly string ExportText = new CypherReads(Model).Export().Text;

    private static QueryResult Commits(long count) => Result([WriteStatements.CommitsProperty], [count]);

    private static object?[] Node(string kind, string key) =>
        [new List<object?> { kind }, new Dictionary<string, object?> { ["key"] = key, ["name"] = key }, null, null, null];

    private static object?[] Edge(string type, string from, string to, string source = "s") =>
        [null, new Dictionary<string, object?> { ["sourceKeys"] = new List<object?> { source }, ["sourceLocators"] = new List<object?> { "" } }, type, from, to];

    /// <summary>xi represents china, as the source s says; <paramref name="leaveOut"/> drops one node, as a mid-scan commit can.</summary>
    private static QueryResult Graph(string? leaveOut = null) => Result(ExportColumns,
        [.. new[] { Node("Official", "xi"), Node("Country", "china"), Node("Source", "s") }.Where(n => !Equals(((Dictionary<string, object?>)n[1]!)["key"], leaveOut)),
            Edge("REPRESENTS", "xi", "china")]);

    [Fact]
    public async Task ARelationshipReadWithoutItsEndIsReadAgain()
    {
        var runner = new RecordingRunner(Commits(4), Graph(leaveOut: "china"), Commits(4), Commits(4), Graph(), Commits(4));

        var document = await new Neo4jGraphStore(runner, Model).ExportAsync(CancellationToken.None);

        Assert.Equal(["china", "s", "xi"], document.Entities.Select(e => e.Key));
        Assert.Empty(DocumentReferences.Dangling(document));
        Assert.Equal([CountText, ExportText, CountText, CountText, ExportText, CountText], runner.Calls.Select(c => c.Statement.Text));
        Assert.All(runner.Calls, c => Assert.Equal(AccessMode.Read, c.Mode));
    }

    [Fact]
    public async Task ACitedSourceMissingFromTheReadMakesItReadAgain()
    {
        var runner = new RecordingRunner(Commits(0), Graph(leaveOut: "s"), Commits(0), Commits(0), Graph(), Commits(0));

        var document = await new Neo4jGraphStore(runner, Model).ExportAsync(CancellationToken.None);

        Assert.Contains(document.Entities, e => e.Key == "s");
        Assert.Equal(6, runner.Calls.Count);
    }

    [Fact]
    public async Task AWriteCommittedDuringTheReadMakesItReadAgainEvenWhenNothingDangles()
    {
        // Half a batch can be read with no dangling reference: only the count tells that a write committed mid-scan.
        var runner = new RecordingRunner(Commits(7), Graph(), Commits(8), Commits(8), Graph(), Commits(8));

        await new Neo4jGraphStore(runner, Model).ExportAsync(CancellationToken.None);

        Assert.Equal([CountText, ExportText, CountText, CountText, ExportText, CountText], runner.Calls.Select(c => c.Statement.Text));
    }

    [Fact]
    public async Task AQuietGraphIsReadOnce()
    {
        var runner = new RecordingRunner(Commits(3), Graph(), Commits(3));

        var document = await new Neo4jGraphStore(runner, Model).ExportAsync(CancellationToken.None);

        Assert.Equal(3, document.Entities.Count);
        Assert.Equal([CountText, ExportText, CountText], runner.Calls.Select(c => c.Statement.Text));
    }

    [Fact]
    public async Task AGraphChangingDuringEveryReadIsRefusedClearlyAfterTheAttempts()
    {
        var runner = new RecordingRunner(Commits(1), Graph(), Commits(2), Commits(2), Graph(leaveOut: "china"), Commits(2), Commits(9), Graph());

        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(
            () => new Neo4jGraphStore(runner, Model, exportAttempts: 2).ExportAsync(CancellationToken.None));

        Assert.Contains("each of 2 reads", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:Neo4j:ExportAttempts", refused.Message, StringComparison.Ordinal);
        Assert.Contains("REPRESENTS(xi, china): to 'china'", refused.Message, StringComparison.Ordinal);
        Assert.Equal(6, runner.Calls.Count);
    }

    [Fact]
    public async Task TheTopologyReadOnNeo4jHasTheSameGuarantee()
    {
        var runner = new RecordingRunner(Commits(0), Graph(leaveOut: "xi"), Commits(1), Commits(1), Graph(), Commits(1));

        var topology = await ((IGraphStore)new Neo4jGraphStore(runner, Model)).ReadTopologyAsync(CancellationToken.None);

        Assert.Equal(1, topology.RelationshipCount);
        Assert.Equal(("xi", "china"), (topology.Keys[topology.RelationshipFrom[0]], topology.Keys[topology.RelationshipTo[0]]));
        Assert.Contains("xi", topology.EntityKeys);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public void AttemptsOutsideTheSettingsRangeAreRefused(int attempts) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Neo4jGraphStore(new RecordingRunner(), Model, attempts));

    [Fact]
    public async Task TheWriterLockCountsCommittedWritesOnlySoARolledBackBatchDoesNotForceAReread()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        var afterImport = fake.CommittedWrites;
        var created = new CreateEntity(Neo4jFixtures.Entity("Official", "cy-aide", "Cy Aide", [], null, new() { ["title"] = "Aide" }, ("memo", "¶9")),
            Upsert: false, new HashSet<string>());

        await store.ApplyAsync(new WriteBatch([created], "export-test"), CancellationToken.None);
        await Assert.ThrowsAsync<GraphWriteException>(() => store.ApplyAsync(new WriteBatch([created], "export-test"), CancellationToken.None));

        Assert.Equal((1L, 2L), (afterImport, fake.CommittedWrites));
        var count = await fake.RunAsync(WriteStatements.CommittedWrites(), AccessMode.Read, CancellationToken.None);
        Assert.Equal(2L, count.Value(0, WriteStatements.CommitsProperty));
    }
}
