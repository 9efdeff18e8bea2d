using TradeGraph.Core.Passages;
using TradeGraph.Core.Querying;
using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// The fake acts out each statement text with one handler: a second registration of a text fails instead of silently
/// replacing the first (the export and the cited facts' first page were once registered by two parts of the fake), and
/// the export, now FakeNeo4j.Pages' alone, answers with the passages as the statement reads them.
/// </summary>
public sealed class FakeNeo4jHandlerTests
{
    [Fact]
    public void AStatementTextRegisteredTwiceFails()
    {
        var fake = new FakeNeo4j(Neo4jFixtures.Model);
        var reads = new CypherReads(Neo4jFixtures.Model);

        foreach (var text in new[] { reads.CitedFacts([], new KeysetPaging(true, 0), null).Text, SearchTextStatements.Passages.Save([]).Text, Neo4jSchema.ReadVersion().Text })
        {
            var error = Assert.Throws<InvalidOperationException>(() => fake.Handle(text, _ => new QueryResult([], [])));
            Assert.Contains(text, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheExportReadsEveryNodeRelationshipAndPassageFromOneHandler()
    {
        var (fake, store) = await Neo4jFixtures.LoadedAsync(Neo4jFixtures.Tiny);
        await ((IPassageStore)store).SavePassagesAsync("memo", [new("memo", 1, "Ada Envoy represents Atlantis.")], CancellationToken.None);

        var document = await store.ExportAsync(CancellationToken.None);

        Assert.Equal(Neo4jFixtures.Tiny.Entities.Count, document.Entities.Count);
        Assert.Equal(Neo4jFixtures.Tiny.Relationships.Count, document.Relationships.Count);
        Assert.Equal(["Ada Envoy represents Atlantis."], document.PassagesOrNone.Select(p => p.Text));
        Assert.Contains(fake.Statements, s => s.Text == new CypherReads(Neo4jFixtures.Model).Export().Text);
    }
}
