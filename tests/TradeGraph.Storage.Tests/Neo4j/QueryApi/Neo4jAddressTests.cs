using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TradeGraph.Storage.Neo4j;
using TradeGraph.Storage.Neo4j.QueryApi;

namespace TradeGraph.Storage.Tests.Neo4j.QueryApi;

/// <summary>Bolt addresses as Aura's credential files and Neo4j's tools write them, turned into the Query API's (audit A1).</summary>
public sealed class Neo4jAddressTests
{
    /// <summary>An Aura credential file as the console downloads it (instance id and password made up).</summary>
    private const string AuraCredentials = """
        # Wait 60 seconds before connecting using these details, or login to https://console.neo4j.io to validate the Aura Instance is available
        NEO4J_URI=neo4j+s://a1b2c3d4.databases.neo4j.io
        NEO4J_USERNAME=neo4j
        NEO4J_PASSWORD=kq3WlX0pZ-madeUpForTheTest
        NEO4J_DATABASE=neo4j
        AURA_INSTANCEID=a1b2c3d4
        AURA_INSTANCENAME=Instance01
        """;

    [Fact]
    public void AnAuraCredentialFileAsEnvironmentGivesTheQueryApiAddress()
    {
        using var provider = Neo4jServiceCollectionTests.Provider(Lines(AuraCredentials));

        var options = provider.GetRequiredService<IOptions<Neo4jOptions>>().Value;
        var client = provider.GetRequiredService<Neo4jQueryApiClient>();

        Assert.Equal(new Uri("https://a1b2c3d4.databases.neo4j.io/"), options.Uri);
        Assert.Equal(("neo4j", "kq3WlX0pZ-madeUpForTheTest"), (options.Username, options.Password));
        Assert.Equal("https://a1b2c3d4.databases.neo4j.io/", client.Address);
        Assert.Equal("db/neo4j/query/v2", client.QueryPath);
    }

    [Theory]
    [InlineData("neo4j+s://a1b2c3d4.databases.neo4j.io", "https://a1b2c3d4.databases.neo4j.io/")]
    [InlineData("neo4j+s://a1b2c3d4.databases.neo4j.io:7687", "https://a1b2c3d4.databases.neo4j.io/")]
    [InlineData("bolt+s://a1b2c3d4.production-orch-0042.neo4j.io:7687", "https://a1b2c3d4.production-orch-0042.neo4j.io/")]
    [InlineData("neo4j://localhost:7687", "http://localhost:7474/")]
    [InlineData("bolt://neo4j", "http://neo4j:7474/")]
    [InlineData("neo4j://graph.internal:7687?policy=eu", "http://graph.internal:7474/")]
    [InlineData("http://localhost:7474", "http://localhost:7474/")]
    [InlineData("https://proxy.example.com/neo4j/", "https://proxy.example.com/neo4j/")]
    public void TheAddressFollowsWhereThePortCanBeKnown(string given, string expected)
    {
        var derived = Neo4jAddress.QueryApiBase(new Uri(given), out var problem);

        Assert.Null(problem);
        Assert.Equal(new Uri(expected), derived);
    }

    [Theory]
    [InlineData("neo4j+ssc://a1b2c3d4.databases.neo4j.io", "trusts any certificate")]
    [InlineData("bolt+ssc://graph.internal:7687", "https://graph.internal:7473")]
    [InlineData("neo4j://graph.internal:17687", "on port 17687")]
    [InlineData("neo4j+s://graph.internal:9000", "cannot be derived")]
    public void WhatCannotBeDerivedIsSaidWithWhatToGiveInstead(string given, string expected)
    {
        Assert.Null(Neo4jAddress.QueryApiBase(new Uri(given), out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    /// <summary>KEY=value lines (comments and blanks skipped), as a shell or docker --env-file reads them.</summary>
    private static Dictionary<string, string?> Lines(string text) => text.Split('\n')
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => l.Split('=', 2))
        .ToDictionary(p => p[0], p => (string?)p[1], StringComparer.Ordinal);
}
