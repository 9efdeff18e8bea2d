using TradeGraph.Core.Graph;
using TradeGraph.Core.Storage;
using TradeGraph.Storage.Neo4j.Writing;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>ImportAsync on Neo4j: UNWIND … MERGE batches in one transaction, with the SQLite store's counts and refusals.</summary>
public sealed class Neo4jImportTests
{
    [Fact]
    public async Task AnImportOfATinyDocumentMatchesTheSnapshot()
    {
        var fake = new FakeNeo4j(Neo4jFixtures.Model);

        var result = await Neo4jFixtures.Store(fake).ImportAsync(Neo4jFixtures.Tiny, CancellationToken.None);

        Assert.Equal(new ImportResult(10, 0, 0), result);
        fake.Transcript().MatchSnapshot();
    }

    [Fact]
    public async Task NodesHaveTheExportedShapeAndTheSearchText()
    {
        var fake = new FakeNeo4j(Neo4jFixtures.Model);

        await Neo4jFixtures.Store(fake).ImportAsync(Neo4jFixtures.Tiny, CancellationToken.None);

        var ada = fake.Nodes["ada-envoy"];
        Assert.Equal(["Entity", "Official"], ada.Labels);
        Assert.Equal("Ada Envoy", ada.Properties["name"]);
        Assert.Equal(["Ada"], FakeNeo4j.Strings(ada.Properties["aliases"]));
        Assert.Equal(["memo", "memo"], FakeNeo4j.Strings(ada.Properties["sourceKeys"]));
        Assert.Equal(["¶1", "¶2"], FakeNeo4j.Strings(ada.Properties["sourceLocators"]));
        Assert.Equal("Atlantica\nἈτλαντίς", fake.Nodes["atlantis"].Properties["aliasesText"]);
        Assert.Equal(["Source"], fake.Nodes["memo"].Labels);
        Assert.Equal(new DateOnly(2025, 10, 25), fake.Nodes["atlantis-talks"].Properties["startsOn"]);
        Assert.IsType<double>(fake.Nodes["atlantis-tariff"].Properties["ratePercent"]);
        Assert.Equal([""], FakeNeo4j.Strings(fake.Nodes["bo-minister"].Properties["sourceLocators"]));
        Assert.False(fake.Nodes["bo-minister"].Properties.ContainsKey("description"));
        Assert.False(fake.Nodes["bo-minister"].Properties.ContainsKey("title"));
        var mentions = Assert.Single(fake.Relationships, r => r.Type == "MENTIONS");
        Assert.Equal(("memo", "ada-envoy", 2L), (mentions.From, mentions.To, mentions.Properties["occurrences"]));
    }

    [Fact]
    public async Task ImportingTheSameDocumentAgainWritesNothingAndCountsEverythingUnchanged()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);

        var result = await store.ImportAsync(Neo4jFixtures.Tiny, CancellationToken.None);

        Assert.Equal(new ImportResult(0, 0, 10), result);
        Assert.DoesNotContain(fake.Statements, s => s.Text.Contains("MERGE (n:", StringComparison.Ordinal) || s.Text.Contains("MERGE (a)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChangesAreUpdatesAndCitationsAreAddedNotReplaced()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        var ada = Neo4jFixtures.Tiny.Entities.Single(e => e.Key == "ada-envoy");
        var represents = Neo4jFixtures.Tiny.Relationships[0];
        var document = new GraphDocument(
            [
                ada with { Sources = [new SourceReference("memo", "¶2"), new SourceReference("memo", "¶9")] },
                Neo4jFixtures.Tiny.Entities.Single(e => e.Key == "atlantis") with { Description = "An island." },
            ],
            [represents]);

        var result = await store.ImportAsync(document, CancellationToken.None);

        Assert.Equal(new ImportResult(0, 2, 1), result);
        Assert.Equal(["¶1", "¶2", "¶9"], FakeNeo4j.Strings(fake.Nodes["ada-envoy"].Properties["sourceLocators"]));
        Assert.Equal("An island.", fake.Nodes["atlantis"].Properties["description"]);
    }

    [Fact]
    public async Task WritesInBatchesOfTheGivenSize()
    {
        var fake = new FakeNeo4j(Neo4jFixtures.Model);
        var store = Neo4jFixtures.Store(fake);
        var officials = Enumerable.Range(0, 5).Select(i => Neo4jFixtures.Entity("Official", $"official-{i}", $"Official {i}", [], null, new())).ToList();

        var result = await fake.InTransactionAsync(
            (transaction, token) => new Neo4jImport(transaction, Neo4jFixtures.Model, store.WriteStatements, Neo4jFixtures.At, batchSize: 2)
                .RunAsync(new GraphDocument(officials, []), token),
            CancellationToken.None);

        Assert.Equal(5, result.Inserted);
        Assert.Equal([2, 2, 1], fake.Statements.Where(s => s.Text.Contains("MERGE (n:`Official`", StringComparison.Ordinal))
            .Select(s => ((System.Collections.ICollection)s.Parameters["rows"]!).Count));
        Assert.Equal(3, fake.Statements.Count(s => s.Text.StartsWith("UNWIND $keys AS key\nOPTIONAL MATCH", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TheSeedImportsWithTheSqliteStoresCounts()
    {
        var fake = new FakeNeo4j(Neo4jFixtures.Model);
        var store = Neo4jFixtures.Store(fake);

        var first = await store.ImportAsync(Neo4jFixtures.Seed, CancellationToken.None);
        var second = await store.ImportAsync(Neo4jFixtures.Seed, CancellationToken.None);

        var seed = Neo4jFixtures.Seed;
        Assert.Equal(new ImportResult(seed.Entities.Count + seed.Relationships.Count, 0, 0), first);
        Assert.Equal(new ImportResult(0, 0, seed.Entities.Count + seed.Relationships.Count), second);
        Assert.Equal(seed.Entities.Count, fake.Nodes.Count);
        Assert.Equal(seed.Relationships.Count, fake.Relationships.Count);
    }

    [Theory]
    [InlineData("kind", "Key 'atlantis' is already a Country; it cannot become a Official.")]
    [InlineData("endpoint", "REPRESENTS refers to unknown key 'lemuria'.")]
    [InlineData("end kind", "REPRESENTS needs a Country, but 'atlantis-talks' is a Meeting.")]
    [InlineData("citation", "A citation refers to unknown key 'no-such-report'.")]
    [InlineData("citation kind", "A citation needs a Source, but 'atlantis' is a Country.")]
    [InlineData("single end", "'ada-envoy' would have more than one REPRESENTS relationship (country is a single value).")]
    public async Task ARefusedImportChangesNothing(string problem, string message)
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        var nodes = fake.Nodes.Count;
        var document = problem switch
        {
            "kind" => Document(Neo4jFixtures.Entity("Official", "atlantis", "Atlantis", [], null, new(), ("memo", null))),
            "endpoint" => Document(Neo4jFixtures.Relationship("REPRESENTS", "bo-minister", "lemuria", new(), ("memo", null))),
            "end kind" => Document(Neo4jFixtures.Relationship("REPRESENTS", "bo-minister", "atlantis-talks", new(), ("memo", null))),
            "citation" => Document(Neo4jFixtures.Entity("Official", "cy-aide", "Cy Aide", [], null, new(), ("no-such-report", null))),
            "citation kind" => Document(Neo4jFixtures.Entity("Official", "cy-aide", "Cy Aide", [], null, new(), ("atlantis", null))),
            _ => Document(Neo4jFixtures.Entity("Country", "lemuria", "Lemuria", [], null, new() { ["isoCode"] = "LM" }, ("memo", null)),
                Neo4jFixtures.Relationship("REPRESENTS", "ada-envoy", "lemuria", new(), ("memo", null))),
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.ImportAsync(document, CancellationToken.None));

        Assert.Equal(message, error.Message);
        Assert.StartsWith("ROLLBACK", fake.Requests[^1].Where, StringComparison.Ordinal);
        Assert.Equal(nodes, fake.Nodes.Count);
        Assert.DoesNotContain("lemuria", fake.Nodes.Keys);
    }

    private static GraphDocument Document(params object[] facts) =>
        new([.. facts.OfType<Entity>()], [.. facts.OfType<Relationship>()]);
}
