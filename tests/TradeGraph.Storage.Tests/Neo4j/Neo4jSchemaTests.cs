using TradeGraph.Storage.Neo4j.Cypher;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>InitializeAsync on Neo4j: the schema derived from the model, one statement per request, idempotent, versioned.</summary>
public sealed class Neo4jSchemaTests
{
    [Fact]
    public async Task TheBootstrapMatchesTheSnapshot()
    {
        var fake = new FakeNeo4j(Neo4jFixtures.Model);

        await Neo4jFixtures.Store(fake).InitializeAsync(CancellationToken.None);

        fake.Transcript().MatchSnapshot();
    }

    [Fact]
    public async Task EveryStatementIsARequestOfItsOwnOutsideAnyTransaction()
    {
        var fake = new FakeNeo4j(Neo4jFixtures.Model);

        await Neo4jFixtures.Store(fake).InitializeAsync(CancellationToken.None);

        Assert.All(fake.Requests, r => Assert.StartsWith("auto-commit", r.Where, StringComparison.Ordinal));
        Assert.Equal("auto-commit Read", fake.Requests[0].Where);
        // Writes, but for the wait until indexes are online: short reads of SHOW INDEXES (no db.awaitIndexes under one request's limit).
        var populating = Neo4jSchema.PopulatingIndexes().Text;
        Assert.All(fake.Requests.Skip(1), r => Assert.Equal(r.Statement!.Text == populating ? "auto-commit Read" : "auto-commit Write", r.Where));
        Assert.Single(fake.Requests, r => r.Statement!.Text == populating);
        Assert.DoesNotContain(fake.Statements, s => s.Text.Contains("awaitIndexes", StringComparison.Ordinal));
        Assert.All(fake.Statements, s => Assert.DoesNotContain(";", s.Text, StringComparison.Ordinal));
        Assert.All(fake.Schema.Where(s => s.StartsWith("CREATE", StringComparison.Ordinal)), text => Assert.Contains("IF NOT EXISTS", text, StringComparison.Ordinal));
        Assert.Equal((long)Neo4jSchema.CurrentVersion, fake.Meta["schema"]);
    }

    [Fact]
    public async Task EveryKindHasAKeyConstraintAndEveryIndexedPropertyAnIndexNamedFromTheModel()
    {
        var fake = new FakeNeo4j(Neo4jFixtures.Model);
        var model = Neo4jFixtures.Model;

        await Neo4jFixtures.Store(fake).InitializeAsync(CancellationToken.None);

        foreach (var kind in model.Kinds)
        {
            Assert.Contains($"CREATE CONSTRAINT `{kind.Name}_key` IF NOT EXISTS FOR (n:`{kind.Name}`) REQUIRE n.key IS UNIQUE", fake.Schema);
            foreach (var property in kind.Properties.Where(p => p.Indexed))
            {
                Assert.Contains($"CREATE INDEX `{kind.Name}_{property.Name}` IF NOT EXISTS FOR (n:`{kind.Name}`) ON (n.`{property.Name}`)", fake.Schema);
            }
        }

        Assert.Contains("CREATE CONSTRAINT `Entity_key` IF NOT EXISTS FOR (n:`Entity`) REQUIRE n.key IS UNIQUE", fake.Schema);
        Assert.Contains("CREATE CONSTRAINT `_TGMeta_key` IF NOT EXISTS FOR (n:`_TGMeta`) REQUIRE n.key IS UNIQUE", fake.Schema);
        var search = Assert.Single(fake.Schema, s => s.StartsWith("CREATE FULLTEXT INDEX `entity_search`", StringComparison.Ordinal));
        Assert.Contains("CREATE FULLTEXT INDEX `passage_search` IF NOT EXISTS FOR (p:`Passage`) ON EACH [p.searchText] OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}",
            fake.Schema);
        Assert.Contains(fake.Schema, s => s.StartsWith("CREATE VECTOR INDEX `passage_embedding` IF NOT EXISTS FOR (p:`Passage`) ON p.`embedding`", StringComparison.Ordinal));
        Assert.StartsWith("CREATE FULLTEXT INDEX `entity_search` IF NOT EXISTS FOR (n:`Entity`) ON EACH [n.`searchName`, n.`searchAliases`, n.`searchDescription`] OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}",
            search, StringComparison.Ordinal);
        var names = fake.Schema.Where(s => s.StartsWith("CREATE", StringComparison.Ordinal))
            .Select(s => s.Split(' ').First(w => w.StartsWith('`'))).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task InitializingAgainSendsTheSameStatements()
    {
        var fake = new FakeNeo4j(Neo4jFixtures.Model);
        var store = Neo4jFixtures.Store(fake);
        await store.InitializeAsync(CancellationToken.None);
        var first = fake.Statements.Select(s => s.Text).ToList();
        fake.ClearRequests();

        await store.InitializeAsync(CancellationToken.None);

        Assert.Equal(first, fake.Statements.Select(s => s.Text));
    }

    [Fact]
    public async Task RefusesADatabaseFromANewerRelease()
    {
        var fake = new FakeNeo4j(Neo4jFixtures.Model);
        fake.Meta["schema"] = (long)Neo4jSchema.CurrentVersion + 1;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Neo4jFixtures.Store(fake).InitializeAsync(CancellationToken.None));

        Assert.Contains("newer TradeGraph", error.Message, StringComparison.Ordinal);
        Assert.Single(fake.Requests);
    }
}
