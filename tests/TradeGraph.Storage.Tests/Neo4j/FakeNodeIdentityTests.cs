using TradeGraph.Storage.Neo4j.Cypher;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// The fake finds nodes as Neo4j does, by label and key: the key constraints are per kind and on :Entity, so MERGE on
/// (:Source {key}) beside an :Entity with that key makes a second node (the fake once refused it), while a second
/// entity kind with the key breaks the :Entity constraint.
/// </summary>
public sealed class FakeNodeIdentityTests
{
    private static readonly WriteStatements Statements = new(Neo4jFixtures.Model);

    [Fact]
    public async Task ASourceAndAnEntityMayShareAKey()
    {
        var fake = new FakeNeo4j(Neo4jFixtures.Model);

        await UpsertAsync(fake, "Official", "shared", "An official");
        await UpsertAsync(fake, "Source", "shared", "A source");

        Assert.Equal(["Entity|Official An official", "Source A source"],
            fake.AllNodes.Where(n => n.Key == "shared").Select(n => $"{string.Join("|", n.Labels)} {n.Properties["name"]}").Order(StringComparer.Ordinal));
        // FindNodes probes :Entity first, as its coalesce does.
        var found = await fake.RunAsync(Statements.FindNodes(["shared"]), AccessMode.Read, CancellationToken.None);
        Assert.Equal("An official", ((IReadOnlyDictionary<string, object?>)found.Value(0, "properties")!)["name"]);

        // Deleting the Source by its label leaves the entity.
        await fake.RunAsync(Statements.DeleteNode(Neo4jFixtures.Model.Kind("Source"), "shared"), AccessMode.Write, CancellationToken.None);
        Assert.Equal("Official", fake.AllNodes.Single(n => n.Key == "shared").Labels.First(l => l != CypherNames.EntityLabel));
    }

    [Fact]
    public async Task TwoEntityKindsCannotShareAKey()
    {
        var fake = new FakeNeo4j(Neo4jFixtures.Model);
        await UpsertAsync(fake, "Official", "shared", "An official");

        var refused = await Assert.ThrowsAsync<Neo4jQueryException>(() => UpsertAsync(fake, "Country", "shared", "A country"));

        Assert.Equal("Neo.ClientError.Schema.ConstraintValidationFailed", refused.Code);
        Assert.Single(fake.AllNodes);
    }

    private static Task<QueryResult> UpsertAsync(FakeNeo4j fake, string kind, string key, string name) =>
        fake.RunAsync(Statements.UpsertNodes(Neo4jFixtures.Model.Kind(kind), [new Dictionary<string, object?>
        {
            ["key"] = key, ["properties"] = new Dictionary<string, object?> { ["name"] = name },
        }]), AccessMode.Write, CancellationToken.None);
}
